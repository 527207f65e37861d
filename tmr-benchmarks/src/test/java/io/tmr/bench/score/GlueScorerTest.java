package io.tmr.bench.score;

import static io.tmr.bench.task.SharedData.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.glue.AxTask;
import io.tmr.bench.glue.ColaTask;
import io.tmr.bench.glue.MrpcTask;
import io.tmr.bench.glue.RteTask;
import io.tmr.bench.glue.Sst2Task;
import io.tmr.bench.glue.StsbTask;
import io.tmr.bench.task.Label;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.RegressionTarget;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextTask;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hand-computed metrics on the fixtures. */
class GlueScorerTest {

  private static TextDataset read(TextTask task, String resource, Split split) throws IOException {
    return task.read(fixture(resource), split, ReadOptions.defaults());
  }

  private static Map<Integer, Label> labels(TextTask task, String... names) {
    Map<Integer, Label> m = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      m.put(i, task.parseLabel(names[i]));
    }
    return m;
  }

  @Test
  void accuracyOnRte() throws Exception {
    RteTask rte = new RteTask();
    // Gold: entailment, not_entailment, not_entailment, entailment.
    ScoreReport r =
        GlueScorer.score(
            rte,
            read(rte, "/glue/rte-dev.tsv", Split.DEV),
            labels(rte, "entailment", "entailment", "not_entailment", "not_entailment"));
    assertEquals(List.of("accuracy"), List.copyOf(r.metrics().keySet()));
    assertEquals(50.0, r.get("accuracy"), 1e-12);
  }

  @Test
  void accuracyAndPositiveClassF1OnMrpc() throws Exception {
    MrpcTask mrpc = new MrpcTask();
    // Gold 1 0 1, predicted 1 1 0: accuracy 1/3; TP 1, FP 1, FN 1 -> F1 2/4.
    ScoreReport r =
        GlueScorer.score(
            mrpc, read(mrpc, "/glue/mrpc-train.tsv", Split.TRAIN), labels(mrpc, "1", "1", "0"));
    assertEquals(List.of("accuracy", "f1"), List.copyOf(r.metrics().keySet()));
    assertEquals(100.0 / 3, r.get("accuracy"), 1e-12);
    assertEquals(50.0, r.get("f1"), 1e-12);
  }

  @Test
  void matthewsOnCola() throws Exception {
    ColaTask cola = new ColaTask();
    // Gold 1 0 1, predicted 1 0 0: TP 1, TN 1, FN 1, FP 0 -> (1 - 0) / sqrt(1 * 2 * 1 * 2) = 0.5.
    ScoreReport r =
        GlueScorer.score(
            cola, read(cola, "/glue/cola-dev.tsv", Split.DEV), labels(cola, "1", "0", "0"));
    assertEquals(50.0, r.get("mcc"), 1e-12);
  }

  @Test
  void threeClassMatthewsOnAx() throws Exception {
    AxTask ax = new AxTask();
    // Gold ids 0 0 1, predicted 0 2 1: t = (2, 1, 0), p = (1, 1, 1), correct 2, n 3.
    // cov(yt,yp) = 6 - 3 = 3; cov(yp,yp) = 9 - 3 = 6; cov(yt,yt) = 9 - 5 = 4; R3 = 3 / sqrt(24).
    ScoreReport r =
        GlueScorer.score(
            ax,
            read(ax, "/glue/ax-diagnostic-full.tsv", Split.DEV),
            labels(ax, "contradiction", "neutral", "entailment"));
    assertEquals(100 * 3 / Math.sqrt(24), r.get("mcc"), 1e-12);
  }

  @Test
  void correlationsOnStsb() throws Exception {
    StsbTask stsb = new StsbTask();
    // Gold 5, 3.8, 0 (mean 8.8/3); predicted 1, 2, 3: sum dx*dy = -5, sum dx^2 = 2, sum dy^2 =
    // 122.64/9.
    Map<Integer, Label> p =
        Map.of(0, new RegressionTarget(1), 1, new RegressionTarget(2), 2, new RegressionTarget(3));
    ScoreReport r = GlueScorer.score(stsb, read(stsb, "/glue/stsb-dev.tsv", Split.DEV), p);
    assertEquals(List.of("pearson", "spearman"), List.copyOf(r.metrics().keySet()));
    assertEquals(-100 * 15 / Math.sqrt(245.28), r.get("pearson"), 1e-10);
    assertEquals(-100.0, r.get("spearman"), 1e-10);
  }

  @Test
  void everyGoldExampleNeedsExactlyOnePrediction() throws Exception {
    RteTask rte = new RteTask();
    TextDataset gold = read(rte, "/glue/rte-dev.tsv", Split.DEV);
    Map<Integer, Label> three = labels(rte, "entailment", "entailment", "entailment");
    ScoringException missing =
        assertThrows(ScoringException.class, () -> GlueScorer.score(rte, gold, three));
    assertTrue(
        missing.getMessage().contains("1 examples have no prediction, e.g. index 3"),
        missing.getMessage());
    Map<Integer, Label> extra =
        labels(rte, "entailment", "entailment", "entailment", "entailment", "entailment");
    ScoringException unknown =
        assertThrows(ScoringException.class, () -> GlueScorer.score(rte, gold, extra));
    assertTrue(
        unknown.getMessage().contains("1 predictions have an index not in the gold file, e.g. 4"),
        unknown.getMessage());
  }

  @Test
  void refusesUnlabeledOrDoubledGoldAndForeignLabels() throws Exception {
    Sst2Task sst2 = new Sst2Task();
    TextDataset test = read(sst2, "/glue/sst2-test.tsv", Split.TEST);
    assertThrows(
        ScoringException.class, () -> GlueScorer.score(sst2, test, labels(sst2, "0", "1")));
    MrpcTask mrpc = new MrpcTask();
    TextDataset doubled =
        mrpc.read(fixture("/glue/mrpc-train.tsv"), Split.TRAIN, ReadOptions.electraTraining());
    assertThrows(
        ScoringException.class, () -> GlueScorer.score(mrpc, doubled, labels(mrpc, "1", "1", "0")));
    RteTask rte = new RteTask();
    TextDataset gold = read(rte, "/glue/rte-dev.tsv", Split.DEV);
    Map<Integer, Label> numbers =
        Map.of(
            0,
            new RegressionTarget(1),
            1,
            new RegressionTarget(1),
            2,
            new RegressionTarget(1),
            3,
            new RegressionTarget(1));
    assertThrows(ScoringException.class, () -> GlueScorer.score(rte, gold, numbers));
  }
}
