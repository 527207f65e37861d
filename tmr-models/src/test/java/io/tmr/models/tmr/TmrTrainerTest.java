package io.tmr.models.tmr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.Config;
import io.tmr.core.io.SafeTensors;
import io.tmr.core.run.MetricsLog;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.pretrain.Pretrainer;
import io.tmr.models.pretrain.TestCorpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmrTrainerTest {
  @TempDir static Path tmp;
  static Path corpus;

  @BeforeAll
  static void corpus() throws IOException {
    corpus = TestCorpus.build(tmp, 60);
  }

  static Config config(String... extra) {
    return config(corpus, extra);
  }

  /**
   * The tests' small TMR/ELECTRA run on {@code corpus} (12 steps of 8 x 32 tokens), plus {@code
   * extra} overrides.
   */
  static Config config(Path corpus, String... extra) {
    List<String> o =
        TestCorpus.tinyModel(
            corpus,
            "train.batchSize=8",
            "train.steps=12",
            "train.learningRate=2e-3",
            "train.warmupSteps=2",
            "log.every=1",
            "eval.every=6",
            "eval.batches=2",
            "checkpoint.every=4",
            "checkpoint.keep=10",
            "replay.capacity=64");
    o.addAll(List.of(extra));
    return Config.builder(TmrOptions.spec()).overrides(o).build();
  }

  static Pretrainer.Result train(Config c, Path dir) throws IOException {
    return Pretrainer.create(c, dir, Feeds::forTrainer).run();
  }

  static Map<String, SafeTensors.Tensor> finalCheckpoint(Path runDir) throws IOException {
    return SafeTensors.read(Checkpoint.latest(runDir.resolve("checkpoints"))).tensors();
  }

  /** Parameters and optimizer state (not the feed's blob) must be bit-identical. */
  static void assertSameModel(
      Map<String, SafeTensors.Tensor> a, Map<String, SafeTensors.Tensor> b) {
    a.keySet().stream()
        .filter(k -> !k.startsWith("__"))
        .forEach(
            k -> {
              assertTrue(b.containsKey(k), k);
              assertArrayEquals(a.get(k).data(), b.get(k).data(), "tensor " + k + " differs");
            });
  }

  @Test
  void withReplayOffTheTmrTrainerIsBitForBitElectra() throws IOException {
    train(config("trainer=electra"), tmp.resolve("electra"));
    train(config("trainer=tmr", "replay.capacity=0"), tmp.resolve("cap0"));
    train(
        config("trainer=tmr", "replay.freshFraction=1", "replay.generatorInterval=1"),
        tmp.resolve("fresh1"));
    Map<String, SafeTensors.Tensor> electra = finalCheckpoint(tmp.resolve("electra"));
    assertSameModel(electra, finalCheckpoint(tmp.resolve("cap0")));
    assertSameModel(electra, finalCheckpoint(tmp.resolve("fresh1")));
    assertArrayEquals(
        MetricsLog.read(tmp.resolve("electra/metrics.csv")).get("loss"),
        MetricsLog.read(tmp.resolve("fresh1/metrics.csv")).get("loss"));
  }

  @Test
  void replayChangesTrainingAndIsAccounted() throws IOException {
    Pretrainer.Result r =
        train(config("trainer=tmr", "replay.generatorInterval=2"), tmp.resolve("tmr"));
    Map<String, double[]> m = MetricsLog.read(tmp.resolve("tmr/metrics.csv"));
    int last = m.get("step").length - 1;
    // k = 2, freshFraction 0.5, fresh-once: the generator ran on 6 of 12 steps, 4 x 2 = 8 rows
    // each, every one of them
    // trained on fresh once (4 per step); the buffer is empty at step 1, so step 1 trains on its 4
    // fresh rows only.
    assertEquals(48, r.freshSequences());
    assertEquals(4 + 11 * 8, r.discSequences());
    assertEquals(48, m.get("fresh_rows_total")[last]);
    assertEquals(44, m.get("replayed_rows_total")[last]);
    assertEquals(
        0, m.get("first_use_rows_total")[last], "rows enter the buffer after their fresh use");
    assertEquals(44, m.get("reused_rows_total")[last]);
    assertEquals(48, m.get("buffer_size")[last]);
    assertTrue(
        m.get("replays_0")[last]
                + m.get("replays_1")[last]
                + m.get("replays_2")[last]
                + m.get("replays_3plus")[last]
            == 48);
    assertSameModelFails(finalCheckpoint(tmp.resolve("tmr")));
  }

  private void assertSameModelFails(Map<String, SafeTensors.Tensor> tmr) throws IOException {
    Path electraDir = tmp.resolve("electra-ref");
    if (!Files.exists(electraDir)) {
      train(config("trainer=electra"), electraDir);
    }
    Map<String, SafeTensors.Tensor> electra = finalCheckpoint(electraDir);
    String k = "discriminator_predictions.dense.weight";
    assertTrue(
        !java.util.Arrays.equals(electra.get(k).data(), tmr.get(k).data()),
        "replay must change the discriminator's training");
  }

  @Test
  void killAndResumeFromTheMiddleOfAGeneratorBatchIsBitIdentical() throws IOException {
    // k = 2, fresh-once: the generator makes 8 rows at steps 1, 3, 5, ..., 4 used fresh at that
    // step and 4 at the next.
    // A checkpoint at step 3 holds a generator batch half used (its second half not yet in the
    // buffer).
    String[] tmrArgs = {
      "trainer=tmr",
      "replay.generatorInterval=2",
      "replay.weight=loss-difference",
      "replay.strategy=prioritized",
      "checkpoint.every=3"
    };
    train(config(tmrArgs), tmp.resolve("full"));
    train(config(tmrArgs), tmp.resolve("cut-src"));
    Path cut = tmp.resolve("cut");
    Files.createDirectories(cut.resolve("checkpoints"));
    for (String f : new String[] {"config.yaml", "manifest.json"}) {
      Files.copy(tmp.resolve("cut-src").resolve(f), cut.resolve(f));
    }
    // Keep only what a kill at step 6 (before its checkpoint) would leave: checkpoint 3 and metrics
    // rows up to step 5.
    Files.copy(
        tmp.resolve("cut-src/checkpoints/step-00000003.safetensors"),
        cut.resolve("checkpoints/step-00000003.safetensors"));
    List<String> rows = Files.readAllLines(tmp.resolve("cut-src/metrics.csv"));
    Files.write(cut.resolve("metrics.csv"), rows.subList(0, 7));
    Pretrainer.resume(
            cut, y -> Config.builder(TmrOptions.spec()).file(y).build(), Feeds::forTrainer)
        .run();
    Map<String, SafeTensors.Tensor> a = finalCheckpoint(tmp.resolve("full"));
    Map<String, SafeTensors.Tensor> b = finalCheckpoint(cut);
    assertSameModel(a, b);
    assertArrayEquals(
        a.get("__feed__").data(),
        b.get("__feed__").data(),
        "replay buffer state differs after resume");
    Map<String, double[]> full = MetricsLog.read(tmp.resolve("full/metrics.csv"));
    Map<String, double[]> resumed = MetricsLog.read(cut.resolve("metrics.csv"));
    for (String col : full.keySet()) {
      if (!col.endsWith("_ms") && !col.endsWith("_ms_total") && !col.equals("tokens_per_s")) {
        assertArrayEquals(full.get(col), resumed.get(col), "metrics column " + col);
      }
    }
  }

  @Test
  void asyncGeneratorWithZeroLagIsBitIdenticalToSynchronous() throws IOException {
    String[] tmr = {"trainer=tmr", "replay.weight=loss-difference", "replay.strategy=prioritized"};
    train(config(tmr), tmp.resolve("sync"));
    List<String> async = new ArrayList<>(List.of(tmr));
    async.addAll(List.of("replay.async=true", "replay.asyncLag=0"));
    train(config(async.toArray(String[]::new)), tmp.resolve("async0"));
    Map<String, SafeTensors.Tensor> a = finalCheckpoint(tmp.resolve("sync"));
    Map<String, SafeTensors.Tensor> b = finalCheckpoint(tmp.resolve("async0"));
    assertSameModel(a, b);
    assertArrayEquals(
        a.get("__feed__").data(), b.get("__feed__").data(), "replay buffer state differs");
    assertArrayEquals(
        MetricsLog.read(tmp.resolve("sync/metrics.csv")).get("loss"),
        MetricsLog.read(tmp.resolve("async0/metrics.csv")).get("loss"));
  }

  @Test
  void asyncGeneratorOneStepAheadIsDeterministicAndConsumesTheSameData() throws IOException {
    String[] sync = {"trainer=tmr", "replay.generatorInterval=2"};
    String[] lag1 = {
      "trainer=tmr", "replay.generatorInterval=2", "replay.async=true", "replay.asyncLag=1"
    };
    Pretrainer.Result s = train(config(sync), tmp.resolve("lag-sync"));
    Pretrainer.Result a = train(config(lag1), tmp.resolve("lag1-a"));
    train(config(lag1), tmp.resolve("lag1-b"));
    // Same run twice: bit-identical although two threads are involved.
    assertSameModel(finalCheckpoint(tmp.resolve("lag1-a")), finalCheckpoint(tmp.resolve("lag1-b")));
    // The generator really ran on parameters one update old: the weights differ from the
    // synchronous run ...
    String k = "generator_predictions.dense.weight";
    assertTrue(
        !java.util.Arrays.equals(
            finalCheckpoint(tmp.resolve("lag-sync")).get(k).data(),
            finalCheckpoint(tmp.resolve("lag1-a")).get(k).data()));
    // ... while the data is the same: fresh sequences, and the data position in every checkpoint (a
    // batch
    // launched ahead is not counted as consumed, so a resume re-reads it).
    assertEquals(s.freshSequences(), a.freshSequences());
    assertEquals(s.discSequences(), a.discSequences());
    for (int step : new int[] {4, 8, 12}) {
      String name = String.format("checkpoints/step-%08d.safetensors", step);
      Map<String, String> ms = Checkpoint.load(tmp.resolve("lag-sync").resolve(name)).metadata();
      Map<String, String> ma = Checkpoint.load(tmp.resolve("lag1-a").resolve(name)).metadata();
      assertEquals(ms.get("dataOffset"), ma.get("dataOffset"), "data position at step " + step);
      assertEquals(ms.get("dataEpoch"), ma.get("dataEpoch"), "data epoch at step " + step);
    }
    double[] loss = MetricsLog.read(tmp.resolve("lag1-a/metrics.csv")).get("loss");
    for (int i = 1; i < loss.length; i++) {
      assertTrue(Double.isFinite(loss[i]), "loss at row " + i);
    }
  }
}
