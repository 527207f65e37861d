package io.tmr.bench.glue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.task.DataFormatException;
import io.tmr.bench.task.Label;
import io.tmr.bench.task.RegressionTarget;
import io.tmr.bench.task.TextTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GluePredictionFileTest {

  @TempDir Path dir;

  @Test
  void writesTheLeaderboardLayoutSortedByIndexWithLabelStrings() throws IOException {
    RteTask rte = new RteTask();
    Path file = dir.resolve("RTE.tsv");
    GluePredictionFile.write(
        file, rte, Map.of(2, rte.classLabel(0), 0, rte.classLabel(1), 1, rte.classLabel(0)));
    assertEquals(
        List.of("index\tprediction", "0\tnot_entailment", "1\tentailment", "2\tentailment"),
        Files.readAllLines(file));
    assertEquals(
        Map.of(0, rte.classLabel(1), 1, rte.classLabel(0), 2, rte.classLabel(0)),
        GluePredictionFile.read(file, rte));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void regressionPredictionsRoundTripExactly() throws IOException {
    StsbTask stsb = new StsbTask();
    Path file = dir.resolve("STS-B.tsv");
    double[] values = {0.1 + 0.2, 1.0E-4, 4.999999999999999, 3.0, -0.25, 123456.789};
    Map<Integer, Label> predictions = new HashMap<>();
    for (int i = 0; i < values.length; i++) {
      predictions.put(i, new RegressionTarget(values[i]));
    }
    GluePredictionFile.write(file, stsb, predictions);
    List<String> lines = Files.readAllLines(file);
    assertEquals("1\t0.00010", lines.get(2), "plain decimal notation, no exponent");
    Map<Integer, Label> back = GluePredictionFile.read(file, stsb);
    for (int i = 0; i < values.length; i++) {
      assertEquals(values[i], ((RegressionTarget) back.get(i)).value(), 0.0, "index " + i);
    }
  }

  @Test
  void writerRejectsLabelsOfAnotherTask() {
    RteTask rte = new RteTask();
    Path file = dir.resolve("x.tsv");
    assertThrows(
        IllegalArgumentException.class,
        () -> GluePredictionFile.write(file, rte, Map.of(0, new MrpcTask().classLabel(1))));
    assertThrows(
        IllegalArgumentException.class,
        () -> GluePredictionFile.write(file, new StsbTask(), Map.of(0, rte.classLabel(1))));
    assertTrue(Files.notExists(file));
  }

  @Test
  void readerReportsLineAndField() throws IOException {
    RteTask rte = new RteTask();
    assertProblem(
        rte, "index\tlabel\n0\tentailment\n", "line 1", "expected the header index\\tprediction");
    assertProblem(
        rte,
        "index\tprediction\n0\tentailment\n1\tneutral\n",
        "line 3",
        "field 'prediction'",
        "\"neutral\" is not a label of RTE");
    assertProblem(
        rte,
        "index\tprediction\n0\tentailment\n0\tentailment\n",
        "line 3",
        "index 0 already predicted on line 2");
    assertProblem(rte, "index\tprediction\n-1\tentailment\n", "line 2", "field 'index'");
    assertProblem(rte, "index\tprediction\n0\tentailment\textra\n", "line 2", "found 3");
    assertProblem(new StsbTask(), "index\tprediction\n0\tfive\n", "line 2", "not a decimal number");
  }

  private void assertProblem(TextTask task, String content, String... parts) throws IOException {
    Path file = Files.write(dir.resolve("p.tsv"), content.getBytes(StandardCharsets.UTF_8));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> GluePredictionFile.read(file, task));
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message lacks <" + p + ">: " + e.getMessage());
    }
  }
}
