package io.tmr.bench.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GlueAverageTest {

  private static GlueAverage.Entry entry(String group, Map<String, Number> metrics) {
    return new GlueAverage.Entry(Optional.ofNullable(group), new ScoreReport(metrics, List.of()));
  }

  @Test
  void pairedMetricsAndMnliVariantsAreAveragedFirst() {
    GlueAverage avg =
        GlueAverage.of(
            List.of(
                entry("CoLA", Map.of("mcc", 50.0)),
                entry("MRPC", Map.of("accuracy", 80.0, "f1", 90.0)),
                entry("MNLI", Map.of("accuracy", 70.0)),
                entry("MNLI", Map.of("accuracy", 72.0)),
                entry(null, Map.of("mcc", 10.0))));
    assertEquals(Map.of("CoLA", 50.0, "MRPC", 85.0, "MNLI", 71.0), avg.taskScores());
    assertEquals(List.of("CoLA", "MRPC", "MNLI"), List.copyOf(avg.taskScores().keySet()));
    assertEquals((50.0 + 85.0 + 71.0) / 3, avg.score(), 1e-12);
  }

  @Test
  void needsAGlueTask() {
    assertThrows(
        IllegalArgumentException.class,
        () -> GlueAverage.of(List.of(entry(null, Map.of("mcc", 1.0)))));
  }
}
