package io.tmr.models.tmr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.Config;
import io.tmr.core.run.MetricsLog;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.pretrain.TestCorpus;
import io.tmr.replay.ItemSnapshot;
import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.SampleBatch;
import io.tmr.replay.trace.TraceReader;
import io.tmr.replay.trace.TraceStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relapse guards for "replay that steers": the priorities the trainer itself computes must shape
 * what the sampler draws, different rules must draw differently, β must reach 1 by the last step,
 * and no combination of options may crash mid-run.
 */
class ReplaySteersTest {
  @TempDir static Path tmp;
  static Path corpus;

  @BeforeAll
  static void corpus() throws IOException {
    corpus = TestCorpus.build(tmp, 60);
  }

  static Config config(String... extra) {
    return TmrTrainerTest.config(corpus, extra);
  }

  /** The feed (and its buffer) as the run's last checkpoint left it. */
  static ReplayFeed restoredFeed(Config c, Path runDir) throws IOException {
    byte[] blob =
        Checkpoint.load(Checkpoint.latest(runDir.resolve("checkpoints"))).blobs().get("__feed__");
    ReplayFeed feed = new ReplayFeed(c, 8, 12, 32, 5000, 1);
    feed.restore(blob);
    return feed;
  }

  @Test
  void theTrainersOwnPrioritiesReachTheSampler() throws IOException {
    Config c = config("trainer=tmr", "replay.weight=loss-difference");
    TmrTrainerTest.train(c, tmp.resolve("own"));
    ReplayBuffer buffer = restoredFeed(c, tmp.resolve("own")).buffer();
    ItemSnapshot items = buffer.inspect();
    int n = items.size();
    double[] w = items.weights();
    double min = Arrays.stream(w).min().orElseThrow();
    double max = Arrays.stream(w).max().orElseThrow();
    // Loss differences (≈ 1e-3..1e-1 here) and entry priorities on their scale, nothing near the
    // old constant 1.
    assertTrue(
        max < 0.5 && max / min > 3, "priorities the trainer produced: min " + min + ", max " + max);
    double alpha = buffer.config().alpha();
    double[] expected = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      expected[i] = Math.pow(w[i], alpha);
      total += expected[i];
    }
    long[] counts = new long[n];
    SampleBatch batch = SampleBatch.indicesOnly(32);
    int draws = 0;
    while (draws < 40_000) {
      buffer.sample(32, batch);
      for (int k = 0; k < 32; k++) {
        counts[items.indexOf(batch.slot(k))]++;
      }
      draws += 32;
    }
    double[] uniform = new double[n];
    Arrays.fill(uniform, 1.0);
    for (int i = 0; i < n; i++) {
      expected[i] *= draws / total;
      uniform[i] = draws / (double) n;
    }
    ChiSquareTest chi = new ChiSquareTest();
    double pPriorities = chi.chiSquareTest(expected, counts);
    double pUniform = chi.chiSquareTest(uniform, counts);
    System.out.printf(
        "trainer's buffer: %d items, weights %.2e..%.2e; chi-square p vs priorities %.3f, vs uniform %.1e%n",
        n, min, max, pPriorities, pUniform);
    assertTrue(
        pPriorities > 1e-3, "draws follow w^alpha of the stored priorities: p = " + pPriorities);
    assertTrue(pUniform < 1e-9, "draws are not uniform: p = " + pUniform);
  }

  @Test
  void lossDifferenceAndGradientNormRunsOfOneSeedSampleDifferently() throws IOException {
    Path lossTrace = tmp.resolve("loss-diff.trace");
    Path normTrace = tmp.resolve("grad-norm.trace");
    TmrTrainerTest.train(
        config("trainer=tmr", "replay.weight=loss-difference", "replay.trace=" + lossTrace),
        tmp.resolve("ld"));
    TmrTrainerTest.train(
        config("trainer=tmr", "replay.weight=gradient-norm", "replay.trace=" + normTrace),
        tmp.resolve("gn"));
    List<TraceStep> a = TraceReader.readAll(lossTrace);
    List<TraceStep> b = TraceReader.readAll(normTrace);
    assertEquals(a.size(), b.size(), "the same number of sample calls");
    int differing = 0;
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i).probabilities(), b.get(i).probabilities())) {
        differing++;
      }
    }
    // From the first draw on: loss-difference items carry only their entry priority (one use, no
    // difference yet) while
    // gradient-norm items carry the norm of their fresh use.
    assertEquals(a.size(), differing, "every sample call draws from another distribution");
    Map<String, double[]> ml = MetricsLog.read(tmp.resolve("ld/metrics.csv"));
    Map<String, double[]> mg = MetricsLog.read(tmp.resolve("gn/metrics.csv"));
    assertFalse(Arrays.equals(ml.get("sample_kl_uniform"), mg.get("sample_kl_uniform")));
  }

  @Test
  void betaReachesOneAtTheLastStepAndTheDiagnosticsAreFinite() throws IOException {
    TmrTrainerTest.train(config("trainer=tmr"), tmp.resolve("beta"));
    Map<String, double[]> m = MetricsLog.read(tmp.resolve("beta/metrics.csv"));
    double[] beta = m.get("beta");
    int last = beta.length - 1;
    assertEquals(1.0, beta[last], 0.0, "beta is annealed to 1 over the run by default");
    assertEquals(
        0.4, beta[2], 1e-12, "step 2 holds the first sample call (row 0 is the step-0 evaluation)");
    for (String col :
        List.of(
            "sample_ess_ratio",
            "sample_kl_uniform",
            "draws_first_use_frac",
            "disc_loss_unweighted",
            "entry_priority")) {
      for (int r = 2; r <= last; r++) {
        assertTrue(Double.isFinite(m.get(col)[r]), col + " at row " + r);
      }
    }
    assertTrue(
        m.get("sample_ess_ratio")[last] < 1 && m.get("sample_kl_uniform")[last] > 0,
        "sampling is not uniform");
    assertEquals(
        0.0, m.get("draws_first_use_frac")[last], "every buffered row was trained on fresh first");
    assertTrue(
        m.get("disc_loss")[last] != m.get("disc_loss_unweighted")[last],
        "importance weights change the training loss");
  }

  @Test
  void theOldBatchDesignIsReachableAndShowsItsFirstUses() throws IOException {
    TmrTrainerTest.train(
        config("trainer=tmr", "replay.generatorRows=batch"), tmp.resolve("batch-rows"));
    Map<String, double[]> m = MetricsLog.read(tmp.resolve("batch-rows/metrics.csv"));
    int last = m.get("step").length - 1;
    // 12 generator batches of 8, half used fresh: 48 rows reach the discriminator only through the
    // buffer, if at all.
    assertEquals(96, m.get("fresh_sequences")[last]);
    assertEquals(48, m.get("fresh_rows_total")[last]);
    assertTrue(
        m.get("first_use_rows_total")[last] > 10,
        "surplus rows are drawn before anyone trained on them");
  }

  @Test
  void everyCombinationRunsOrIsRefusedAtStartNamingTheOptions() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReplayPlan.of(
                    config("trainer=tmr", "replay.capacity=0", "replay.generatorInterval=2"),
                    8,
                    12));
    assertTrue(
        e.getMessage().contains("replay.capacity=0")
            && e.getMessage().contains("replay.generatorInterval"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReplayPlan.of(config("trainer=tmr", "replay.freshFraction=0"), 8, 12));
    assertTrue(
        e.getMessage().contains("replay.freshFraction")
            && e.getMessage().contains("replay.generatorRows"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReplayPlan.of(config("trainer=tmr", "replay.capacity=2"), 8, 12));
    assertTrue(e.getMessage().contains("replay.capacity=2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Feeds.validate(config("trainer=electra", "replay.capacity=abc")));
    assertTrue(e.getMessage().contains("replay.capacity"), e.getMessage());
    // The same grid of options the checks guard, each either planned or refused: none may fail
    // later.
    for (String cap : List.of("0", "4", "64")) {
      for (String f : List.of("0", "0.25", "0.5", "1")) {
        for (String k : List.of("1", "2", "3")) {
          for (String rows : List.of("fresh-once", "batch")) {
            Config c =
                config(
                    "trainer=tmr",
                    "replay.capacity=" + cap,
                    "replay.freshFraction=" + f,
                    "replay.generatorInterval=" + k,
                    "replay.generatorRows=" + rows,
                    "train.steps=4",
                    "checkpoint.every=4",
                    "eval.every=4");
            ReplayPlan plan;
            try {
              plan = ReplayPlan.of(c, 8, 4);
            } catch (IllegalArgumentException refused) {
              assertFalse(refused.getMessage().contains("\n"), "one line: " + refused.getMessage());
              continue;
            }
            Path dir = tmp.resolve("grid-" + cap + "-" + f + "-" + k + "-" + rows);
            try {
              TmrTrainerTest.train(c, dir);
            } catch (Exception failed) {
              throw new AssertionError("planned " + plan + " but the run failed", failed);
            }
          }
        }
      }
    }
  }
}
