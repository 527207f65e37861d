package io.tmr.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Real sentences for pretraining tests: SST-2 training sentences from {@code ../shared/data} when
 * present, else the Moby-Dick sentences in the repository's {@code testdata/} (the same rule as
 * tmr-models' {@code TestCorpus}, whose test classes this module cannot see), so the tests run on
 * every machine.
 */
public final class TestSentences {
  private TestSentences() {}

  public static List<String> load() throws IOException {
    Path sst2 = Paths.get(System.getProperty("tmr.shared", "../../shared"), "data", "glue", "SST-2", "train.tsv");
    List<String> out = new ArrayList<>();
    if (Files.isRegularFile(sst2)) {
      List<String> lines = Files.readAllLines(sst2, StandardCharsets.UTF_8);
      for (String l : lines.subList(1, lines.size())) {
        String s = l.split("\t")[0].strip();
        out.add(Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".");
      }
      return out;
    }
    Path moby = Paths.get("..", "testdata", "moby-dick-sentences.txt");
    Assumptions.assumeTrue(Files.isRegularFile(moby), "neither SST-2 nor " + moby.toAbsolutePath() + " found");
    for (String l : Files.readAllLines(moby, StandardCharsets.UTF_8)) {
      if (!l.startsWith("#") && !l.isBlank()) {
        out.add(l.strip());
      }
    }
    return out;
  }

  /** Writes the sentences as up to {@code documents} text files of {@code perDocument} lines. */
  public static Path writeDocuments(Path dir, int documents, int perDocument) throws IOException {
    List<String> lines = load();
    Files.createDirectories(dir);
    int line = 0;
    for (int d = 0; d < documents && line < lines.size(); d++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < perDocument && line < lines.size(); i++, line++) {
        sb.append(lines.get(line)).append('\n');
      }
      Files.writeString(dir.resolve(String.format("d%04d.txt", d)), sb.toString());
    }
    return dir;
  }
}
