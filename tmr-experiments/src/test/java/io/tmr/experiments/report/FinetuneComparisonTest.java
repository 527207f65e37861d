package io.tmr.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinetuneComparisonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** Writes DIR/TASK/results.json as tmr finetune does (seeds, per-metric values, settings). */
  private Path results(
      String dir,
      String task,
      List<Long> seeds,
      Map<String, List<Double>> metrics,
      double layerDecay)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    metrics.forEach((k, v) -> m.put(k, Map.of("values", v)));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("task", task);
    root.put("settings", Map.of("learningRate", 3e-4, "layerDecay", layerDecay));
    root.put("seeds", seeds);
    root.put("metrics", m);
    Path d = Files.createDirectories(tmp.resolve(dir).resolve(task));
    JSON.writeValue(d.resolve("results.json").toFile(), root);
    return tmp.resolve(dir);
  }

  private FinetuneComparison.Row row(FinetuneComparison c, String task, String metric) {
    return c.rows().stream()
        .filter(r -> r.task().equals(task) && r.metric().equals(metric))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void poolsSeedsOverFoldersAndPairsThemWithTheBaseline() throws IOException {
    Path base =
        results(
            "random",
            "SST-2",
            List.of(1L, 2L, 3L, 4L),
            Map.of("accuracy", List.of(70.0, 72.0, 74.0, 76.0)),
            0.8);
    results(
        "random",
        "MRPC",
        List.of(1L, 2L, 3L, 4L),
        Map.of("accuracy", List.of(60.0, 62.0, 64.0, 66.0), "f1", List.of(70.0, 72.0, 74.0, 76.0)),
        0.8);
    results(
        "random",
        "SQuAD-v1.1",
        List.of(1L, 2L, 3L, 4L),
        Map.of("f1", List.of(8.0, 9.0, 8.0, 9.0)),
        0.8);
    // The pretrained model's seeds 1-2 in one folder, 3-4 in another.
    Path a =
        results("pre-a", "SST-2", List.of(1L, 2L), Map.of("accuracy", List.of(71.0, 74.0)), 0.8);
    results(
        "pre-a",
        "MRPC",
        List.of(1L, 2L),
        Map.of("accuracy", List.of(61.0, 64.0), "f1", List.of(71.0, 74.0)),
        0.8);
    results("pre-a", "SQuAD-v1.1", List.of(1L, 2L), Map.of("f1", List.of(20.0, 20.0)), 0.8);
    Path b =
        results("pre-b", "SST-2", List.of(3L, 4L), Map.of("accuracy", List.of(77.0, 80.0)), 0.8);
    results(
        "pre-b",
        "MRPC",
        List.of(3L, 4L),
        Map.of("accuracy", List.of(67.0, 70.0), "f1", List.of(77.0, 80.0)),
        0.8);
    results("pre-b", "SQuAD-v1.1", List.of(3L, 4L), Map.of("f1", List.of(20.0, 20.0)), 0.8);

    // The manifest's task order (the order tmr finetune ran them) orders the rows.
    JSON.writeValue(
        base.resolve("manifest.json").toFile(),
        Map.of("tasks", List.of("SST-2", "MRPC", "SQuAD-v1.1")));
    FinetuneComparison c =
        FinetuneComparison.of(
            List.of(
                FinetuneComparison.readSource("random=" + base),
                FinetuneComparison.readSource("pretrained=" + a + "+" + b)));

    FinetuneComparison.Row sst2 = row(c, "SST-2", "accuracy");
    assertEquals(4, sst2.summaries().get(1).n());
    assertEquals(75.5, sst2.summaries().get(1).median(), 1e-12); // 71, 74, 77, 80
    Comparison d = sst2.comparisons().get(0);
    assertEquals("wilcoxon", d.test());
    assertEquals(4, d.n());
    assertEquals(2.5, d.delta(), 1e-12); // differences 1, 2, 3, 4
    assertEquals(2.5, d.meanDelta(), 1e-12);
    assertTrue(d.ciLow() >= 1 && d.ciHigh() <= 4, "bootstrap CI within the differences' range");

    // GLUE average per seed over SST-2 and MRPC (the mean of accuracy and F1); SQuAD stays out.
    FinetuneComparison.Row avg = row(c, FinetuneComparison.GLUE_AVERAGE, "SST-2, MRPC");
    // random seed 1: (70 + (60 + 70) / 2) / 2 = 67.5; pretrained seed 1: (71 + (61 + 71) / 2) / 2 =
    // 68.5
    double[] randomAvg = avg.summaries().get(0).values();
    assertEquals(67.5, randomAvg[0], 1e-12);
    assertEquals(2.5, avg.comparisons().get(0).delta(), 1e-12); // per-seed differences 1, 2, 3, 4
    assertTrue(c.notes().isEmpty(), c.notes().toString());
    assertEquals(
        List.of("SST-2", "MRPC", "MRPC", "SQuAD-v1.1", FinetuneComparison.GLUE_AVERAGE),
        c.rows().stream().map(FinetuneComparison.Row::task).toList());
    assertTrue(
        c.markdown()
            .contains(
                "| SST-2 | accuracy | 73.00 [70.00, 76.00] (4) | 75.50 [71.00, 80.00] (4) | +2.50"),
        c.markdown());
  }

  @Test
  void aTaskFineTunedTwiceWithTheSameSeedIsAnError() throws IOException {
    Path a = results("a", "RTE", List.of(1L, 2L), Map.of("accuracy", List.of(50.0, 51.0)), 0.8);
    Path b = results("b", "RTE", List.of(2L, 3L), Map.of("accuracy", List.of(52.0, 53.0)), 0.8);
    IOException e =
        assertThrows(IOException.class, () -> FinetuneComparison.readSource("x=" + a + "+" + b));
    assertTrue(
        e.getMessage().contains("RTE seed 2")
            && e.getMessage().contains(b.resolve("RTE").resolve("results.json").toString()),
        e.getMessage());
  }

  @Test
  void seedsFineTunedWithOtherSettingsAreNotPooled() throws IOException {
    Path a = results("a", "RTE", List.of(1L), Map.of("accuracy", List.of(50.0)), 0.8);
    Path b = results("b", "RTE", List.of(2L), Map.of("accuracy", List.of(52.0)), 1.0);
    IOException e =
        assertThrows(IOException.class, () -> FinetuneComparison.readSource("x=" + a + "+" + b));
    assertTrue(e.getMessage().contains("layerDecay 0.8 vs 1.0"), e.getMessage());
  }

  @Test
  void taskFilterTakesOnlyTheNamedTasksOfAFolder() throws IOException {
    Path a = results("a", "RTE", List.of(1L), Map.of("accuracy", List.of(50.0)), 0.8);
    results("a", "SST-2", List.of(1L), Map.of("accuracy", List.of(70.0)), 0.8);
    Path b = results("b", "RTE", List.of(2L), Map.of("accuracy", List.of(52.0)), 1.0);
    FinetuneComparison.Source s = FinetuneComparison.readSource("x=" + a + "@sst2+" + b);
    assertEquals(List.of("SST-2", "RTE"), List.copyOf(s.tasks().keySet()));
    assertEquals(Map.of(2L, 52.0), s.tasks().get("RTE").metrics().get("accuracy"));
    IOException e =
        assertThrows(IOException.class, () -> FinetuneComparison.readSource("x=" + a + "@cola"));
    assertTrue(e.getMessage().contains("has no results for cola"), e.getMessage());
  }

  @Test
  void otherSettingsThanTheBaselineAreNamedInTheNotes() throws IOException {
    Path a = results("a", "RTE", List.of(1L, 2L), Map.of("accuracy", List.of(50.0, 51.0)), 0.8);
    Path b = results("b", "RTE", List.of(1L, 2L), Map.of("accuracy", List.of(52.0, 53.0)), 1.0);
    FinetuneComparison c =
        FinetuneComparison.of(
            List.of(
                FinetuneComparison.readSource("base=" + a),
                FinetuneComparison.readSource("other=" + b)));
    assertEquals(
        List.of("RTE: other was fine-tuned with other settings than base (layerDecay 0.8 vs 1.0)."),
        c.notes());
    assertEquals(2.0, row(c, "RTE", "accuracy").comparisons().get(0).delta(), 1e-12);
  }

  @Test
  void aTruncatedResultsFileIsAnErrorNamingIt() throws IOException {
    Path a = results("a", "RTE", List.of(1L), Map.of("accuracy", List.of(50.0)), 0.8);
    Path file = a.resolve("RTE").resolve("results.json");
    Files.writeString(file, Files.readString(file).substring(0, 20));
    IOException e = assertThrows(IOException.class, () -> FinetuneComparison.readSource("x=" + a));
    assertTrue(e.getMessage().startsWith(file + ": not valid JSON"), e.getMessage());
  }

  @Test
  void aFolderWithoutResultsIsAnErrorNamingIt() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    IOException e =
        assertThrows(IOException.class, () -> FinetuneComparison.readSource("x=" + empty));
    assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
  }
}
