package io.tmr.config.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.function.Executable;

/**
 * The verdict of one fuzz input: a reader either reads it or refuses it with the project's one
 * clear error type for that reader, whose message names the file; anything else (another exception,
 * an {@link OutOfMemoryError}, no answer within {@link #BOUND}) fails the property. Verdicts are
 * tallied with jqwik's {@link Statistics}, which prints the counts after each property.
 */
public final class Fuzz {
  private Fuzz() {}

  /** Every read must end within this (a hang is a failure). */
  public static final Duration BOUND = Duration.ofSeconds(10);

  /** The seed of every fuzz property, so CI runs the same inputs each time. */
  public static final String SEED = "20261202";

  /** Runs {@code read} on the input now in {@code file} and tallies the verdict. */
  public static String verdict(
      String label, Class<? extends Throwable> clear, Path file, Executable read) {
    String verdict;
    try {
      assertTimeoutPreemptively(BOUND, read, () -> "no answer within " + BOUND + " on " + file);
      verdict = "read";
    } catch (Throwable t) {
      if (!clear.isInstance(t)) {
        throw new AssertionError(
            "expected "
                + clear.getSimpleName()
                + " or success, got "
                + t
                + "\ninput: "
                + show(file),
            t);
      }
      String m = String.valueOf(t.getMessage());
      if (!m.contains(file.getFileName().toString())) {
        throw new AssertionError(
            "the error does not name the file " + file + ": " + m + "\ninput: " + show(file), t);
      }
      verdict = "refused";
    }
    Statistics.label(label).collect(verdict);
    // A generator that stopped producing malformed input would pass vacuously: demand refusals.
    Statistics.label(label).coverage(c -> c.check("refused").percentage(p -> p >= 20));
    return verdict;
  }

  /** Writes {@code bytes} to {@code file} (replacing it). */
  public static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a fuzz test's scratch folder and everything in it. */
  public static void deleteFolder(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String show(Path file) {
    try {
      byte[] b = Files.readAllBytes(file);
      String s = new String(b, 0, Math.min(b.length, 600), java.nio.charset.StandardCharsets.UTF_8);
      return b.length + " bytes: " + s.replace("\n", "\\n").replace("\t", "\\t");
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
