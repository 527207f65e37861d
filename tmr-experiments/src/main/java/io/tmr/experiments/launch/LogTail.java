package io.tmr.experiments.launch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last lines of a (possibly large, possibly still growing) log file. */
public final class LogTail {
  private LogTail() {}

  public static List<String> of(Path file, int lines) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      int window = (int) Math.min(len, 64L * 1024);
      byte[] buf = new byte[window];
      f.seek(len - window);
      f.readFully(buf);
      List<String> all =
          new ArrayList<>(Arrays.asList(new String(buf, StandardCharsets.UTF_8).split("\r?\n")));
      while (!all.isEmpty() && all.get(all.size() - 1).isBlank()) {
        all.remove(all.size() - 1);
      }
      return List.copyOf(all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return List.of("(could not read " + file + ": " + e.getMessage() + ")");
    }
  }
}
