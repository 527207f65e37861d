package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportanceWeightsTest {

  @Test
  void weightsEqualTheClosedFormNormalisedByTheBatchMaximum() {
    int n = 500;
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", n)
                .set(ReplayOptions.WEIGHT, "loss")
                .set(ReplayOptions.BETA, 0.4)
                .set(ReplayOptions.BETA_STEPS, 100L)
                .build());
    double[] weights = SamplingDistributionTest.fillWithRandomWeights(buffer, n, 3);
    double z = 0;
    for (double w : weights) {
      z += Math.pow(w, 0.6);
    }
    SampleBatch batch = SampleBatch.indicesOnly(64);
    for (int step = 0; step < 120; step++) {
      buffer.sample(64, batch);
      double beta = step >= 100 ? 1.0 : 0.4 + 0.6 * step / 100.0;
      assertEquals(beta, batch.beta(), 1e-15);
      double maxRaw = 0;
      double[] raw = new double[64];
      for (int k = 0; k < 64; k++) {
        double p = Math.pow(weights[batch.slot(k)], 0.6) / z;
        raw[k] = Math.pow(n * p, -beta);
        maxRaw = Math.max(maxRaw, raw[k]);
      }
      double largest = 0;
      for (int k = 0; k < 64; k++) {
        double expected = raw[k] / maxRaw;
        assertEquals(
            expected, batch.importanceWeight(k), 1e-12 * expected, "row " + k + " at step " + step);
        largest = Math.max(largest, batch.importanceWeight(k));
      }
      assertEquals(1.0, largest, "the largest weight of a batch is exactly 1");
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.4, 0.0, 1.0 / 3, 0.123456789, 0.7, 0.99})
  void betaScheduleEndpointsAreExact(double beta0) {
    ReplayConfig c =
        ReplayConfig.builder()
            .set(ReplayOptions.BETA, beta0)
            .set(ReplayOptions.BETA_STEPS, 1_000_003L)
            .build();
    assertEquals(beta0, c.betaAt(0));
    assertEquals(1.0, c.betaAt(1_000_003));
    assertEquals(1.0, c.betaAt(Long.MAX_VALUE));
    double previous = beta0;
    for (long s = 0; s <= 1_000_003; s += 9_973) {
      double b = c.betaAt(s);
      assertTrue(b >= previous && b <= 1.0, "beta must grow monotonically to 1");
      assertEquals(beta0 + (1 - beta0) * s / 1_000_003.0, b, 1e-15);
      previous = b;
    }
    assertEquals(
        1.0,
        ReplayConfig.builder()
            .set(ReplayOptions.BETA, beta0)
            .set(ReplayOptions.BETA_STEPS, 0L)
            .build()
            .betaAt(0));
  }

  @Test
  void betaFollowsSampleCallsInTheBuffer() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 10)
                .set(ReplayOptions.BETA, 0.4)
                .set(ReplayOptions.BETA_STEPS, 4L)
                .build());
    Fixtures.insert(buffer, 10, 0, 0);
    SampleBatch batch = SampleBatch.indicesOnly(2);
    double[] expected = {0.4, 0.55, 0.7, 0.85, 1.0, 1.0};
    for (int step = 0; step < expected.length; step++) {
      buffer.sample(2, batch);
      assertEquals(step, batch.step());
      assertEquals(expected[step], batch.beta(), step == 0 || step >= 4 ? 0.0 : 1e-15);
    }
  }

  @Test
  void weightsAreOneWhenDisabledOrUniform() {
    ReplayBuffer off =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 100)
                .set(ReplayOptions.WEIGHT, "loss")
                .set(ReplayOptions.IMPORTANCE_WEIGHTS, false)
                .build());
    SamplingDistributionTest.fillWithRandomWeights(off, 100, 1);
    SampleBatch batch = SampleBatch.indicesOnly(32);
    off.sample(32, batch);
    double distinctP = batch.probability(0);
    boolean varied = false;
    for (int k = 0; k < 32; k++) {
      assertEquals(1.0, batch.importanceWeight(k));
      varied |= batch.probability(k) != distinctP;
    }
    assertTrue(varied, "probabilities still differ; only the weights are switched off");
  }

  @Test
  void staticHelperMatchesDefinitionIncludingTies() {
    double[] p = {0.1, 0.2, 0.1, 0.4};
    double[] w = new double[4];
    ArrayReplayBuffer.importanceWeights(4, p, 0.5, w);
    assertEquals(1.0, w[0]);
    assertEquals(1.0, w[2]);
    assertEquals(Math.pow(2, -0.5), w[1], 1e-15);
    assertEquals(0.5, w[3], 1e-15);
  }
}
