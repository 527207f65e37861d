package io.tmr.replay.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.Fixtures;
import io.tmr.replay.InsertReceipt;
import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.ReplayBuffers;
import io.tmr.replay.ReplayOptions;
import io.tmr.replay.ReplayRegistry;
import io.tmr.replay.SampleBatch;
import io.tmr.replay.spi.ReplayRandom;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardnessStrategyTest {

  @Test
  void isFoundByNameThroughTheSameRegistryAsTheBuiltIns() {
    ReplayRegistry registry = ReplayRegistry.defaultRegistry();
    assertTrue(
        registry
            .strategyNames()
            .containsAll(
                java.util.List.of(
                    "hardness", "prioritized", "uniform", "reservoir", "fifo", "rank")));
    assertSame(HardnessStrategy.class, registry.strategy("hardness").getClass());
    // a fresh registry over the same class path finds it too
    assertTrue(
        ReplayRegistry.load(getClass().getClassLoader()).strategyNames().contains("hardness"));
  }

  @Test
  void samplesInProportionToRecordedLossToTheAlpha(@TempDir Path dir) throws Exception {
    int n = 300;
    double alpha = 0.8;
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("hardness", n).set(ReplayOptions.ALPHA, alpha).build());
    InsertReceipt receipt = Fixtures.insert(buffer, n, 0, 0);
    ReplayRandom random = new ReplayRandom(4);
    float[] losses = new float[n];
    for (int i = 0; i < n; i++) {
      losses[i] = (float) (0.05 + 2 * random.nextDouble());
    }
    assertEquals(n, buffer.recordLosses(receipt, losses));
    double[] expected = new double[n];
    double z = 0;
    for (int i = 0; i < n; i++) {
      expected[receipt.slot(i)] = Math.pow(losses[i] + 1e-6, alpha);
      z += expected[receipt.slot(i)];
    }
    int draws = 600_000;
    long[] counts = new long[n];
    SampleBatch batch = SampleBatch.indicesOnly(100);
    for (int b = 0; b < draws / 100; b++) {
      buffer.sample(100, batch);
      for (int k = 0; k < 100; k++) {
        counts[batch.slot(k)]++;
        assertEquals(
            expected[batch.slot(k)] / z, batch.probability(k), 1e-9 * batch.probability(k));
      }
    }
    for (int i = 0; i < n; i++) {
      expected[i] *= draws / z;
    }
    double p = Fixtures.chiSquareP(expected, counts);
    System.out.printf("hardness plugin: chi-square p = %.4f%n", p);
    assertTrue(p > 1e-3, "p = " + p);
    buffer.verifyIntegrity();
    // plugins take part in snapshots like built-ins
    Path file = dir.resolve("h.snap");
    buffer.snapshot(file);
    assertEquals("hardness", ReplayBuffers.restore(file).config().strategy());
  }

  @Test
  void itsOwnOptionIsListedValidatedAndRead() {
    var spec = ReplayRegistry.defaultRegistry().spec();
    assertTrue(spec.contains("replay.hardness.mix"), "the plugin's option joins the library's");
    IllegalArgumentException typo =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> Fixtures.config("hardness", 4).set("replay.hardness.mx", "0.5"));
    assertTrue(typo.getMessage().contains("did you mean 'replay.hardness.mix'"), typo.getMessage());
    IllegalArgumentException range =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> Fixtures.config("hardness", 4).set("replay.hardness.mix", "1.5"));
    assertTrue(
        range.getMessage().contains("'replay.hardness.mix' must be a number in [0.0, 1.0]"),
        range.getMessage());
    assertEquals(
        "0.25",
        Fixtures.config("hardness", 4)
            .set(HardnessStrategy.MIX, 0.25)
            .build()
            .toMap()
            .get("replay.hardness.mix"),
        "recorded with the buffer's config (snapshots, manifests)");
  }

  @Test
  void withMixZeroItSamplesByWeightLikePrioritized() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("hardness", 4)
                .set(HardnessStrategy.MIX, 0.0)
                .set(ReplayOptions.ALPHA, 1.0)
                .build());
    InsertReceipt r = Fixtures.insert(buffer, 4, 0, 0);
    buffer.recordLosses(r, new float[] {5f, 0.1f, 0.1f, 0.1f});
    buffer.setWeights(4, r.slots(), r.stamps(), new double[] {1, 1, 1, 5});
    SampleBatch batch = SampleBatch.indicesOnly(4);
    buffer.sample(4, batch);
    for (int k = 0; k < 4; k++) {
      double expected = batch.slot(k) == r.slot(3) ? 5 / 8.0 : 1 / 8.0;
      assertEquals(
          expected,
          batch.probability(k),
          1e-12,
          "the loss of 5 on the first item does not count at mix 0");
    }
  }

  @Test
  void unseenItemsUseTheirWeight() {
    ReplayBuffer buffer = ReplayBuffers.create(Fixtures.config("hardness", 4).build());
    InsertReceipt r = Fixtures.insert(buffer, 4, 0, 0);
    buffer.recordLosses(r, new float[] {0.5f, 0.5f, 0.5f, 0.5f});
    InsertReceipt fresh = Fixtures.insert(buffer, 1, 4, 1); // evicts one, weight 1.0
    SampleBatch batch = SampleBatch.indicesOnly(1);
    buffer.sample(1, batch);
    double unseen = Math.pow(1.0, 0.6);
    double seen = Math.pow(0.5 + 1e-6, 0.6);
    double pFresh = unseen / (unseen + 3 * seen);
    boolean drewFresh = batch.slot(0) == fresh.slot(0);
    assertEquals(drewFresh ? pFresh : seen / (unseen + 3 * seen), batch.probability(0), 1e-12);
  }
}
