package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The diagnostics that show whether priorities steer sampling: ESS ratio, KL from uniform, first
 * uses.
 */
class SamplingDiagnosticsTest {

  @Test
  void equalWeightsAreUniformAndPrioritiesMoveTheSummaryByTheFormula() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 8).set(ReplayOptions.ALPHA, 0.5).build());
    InsertReceipt r = Fixtures.insert(buffer, 4, 0, 0);
    SamplingDistribution uniform = buffer.samplingDistribution();
    assertEquals(4, uniform.items());
    assertEquals(1.0, uniform.essRatio(), 1e-12);
    assertEquals(0.0, uniform.klUniform(), 1e-12);

    double[] w = {1, 4, 9, 16};
    buffer.setWeights(
        4,
        new int[] {r.slot(0), r.slot(1), r.slot(2), r.slot(3)},
        new long[] {r.stamp(0), r.stamp(1), r.stamp(2), r.stamp(3)},
        w);
    // alpha 0.5: P = (1, 2, 3, 4) / 10
    double[] p = {0.1, 0.2, 0.3, 0.4};
    double sumSq = 0;
    double kl = 0;
    for (double q : p) {
      sumSq += q * q;
      kl += q * Math.log(4 * q);
    }
    SamplingDistribution d = buffer.samplingDistribution();
    assertEquals(1 / (4 * sumSq), d.essRatio(), 1e-6);
    assertEquals(kl, d.klUniform(), 1e-6);
    assertTrue(d.essRatio() < 1 && d.klUniform() > 0);
  }

  @Test
  void aDrawOfAnItemNeverTrainedOnIsAFirstUseAndAnUpdatedItemIsNot() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 8).set(ReplayOptions.WEIGHT, "loss").build());
    InsertReceipt trained = Fixtures.insert(buffer, 3, 0, 0);
    buffer.update(trained, new float[] {0.5f, 0.5f, 0.5f});
    SampleBatch batch = SampleBatch.indicesOnly(8);
    buffer.sample(3, batch);
    assertEquals(0, batch.firstUses(), "every item was trained on (updated) before");

    InsertReceipt fresh = Fixtures.insert(buffer, 1, 3, 1);
    // the trained items can no longer be drawn: the one new item takes every draw
    buffer.setWeights(3, trained.slots(), trained.stamps(), new double[] {0, 0, 0});
    buffer.sample(3, batch);
    assertEquals(fresh.slot(0), batch.slot(0));
    assertEquals(
        1, batch.firstUses(), "the first draw of the new item is a first use, the others re-uses");
    assertEquals(1, buffer.stats().firstUseDraws());
  }
}
