package io.tmr.bench.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-task profile printed under {@code -Dtmr.profile}: per-update figures and shares. */
class FinetuneBenchmarkTest {
  private static String profileOf(FinetuneBenchmark.Row row) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    FinetuneBenchmark.printProfile(row, new PrintStream(b, true, StandardCharsets.UTF_8));
    return b.toString(StandardCharsets.UTF_8);
  }

  private static FinetuneBenchmark.Row row(long updates, Map<String, Double> profile) {
    // 10 updates of 0.1 s: a 100 ms loop per update.
    return new FinetuneBenchmark.Row(
        "STS-B", 1000, updates, 1, 1, 0.1, 0.1, 1e9, 10, 0.5, 1500, 1.0, profile);
  }

  @Test
  void sectionsArePerUpdateLargestFirstWithTheRestOutside() {
    String out = profileOf(row(10, Map.of("gemm", 0.6, "softmax", 0.1, "update", 0.2)));
    List<String> lines = out.lines().filter(l -> l.startsWith("  ")).toList();
    assertEquals(4, lines.size(), out);
    assertTrue(lines.get(0).matches("\\s+gemm\\s+60\\.00 ms\\s+60\\.0 %"), lines.get(0));
    assertTrue(lines.get(1).matches("\\s+update\\s+20\\.00 ms\\s+20\\.0 %"), lines.get(1));
    assertTrue(lines.get(2).matches("\\s+softmax\\s+10\\.00 ms\\s+10\\.0 %"), lines.get(2));
    assertTrue(
        lines.get(3).matches("\\s+\\(outside the named sections\\)\\s+10\\.00 ms\\s+10\\.0 %"),
        lines.get(3));
    assertTrue(out.contains("profile of STS-B"), out);
  }

  @Test
  void nothingWithoutAProfile() {
    assertEquals("", profileOf(row(10, Map.of())));
    assertEquals("", profileOf(row(0, Map.of("gemm", 1.0))));
  }
}
