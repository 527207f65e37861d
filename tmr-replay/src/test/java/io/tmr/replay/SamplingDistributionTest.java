package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.spi.ReplayRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Chi-square goodness of fit of 10^6 draws against each strategy's definition, with fixed seeds (so
 * each p-value is a fixed number, printed). Every test also checks that the same counts reject a
 * slightly wrong definition (exponent off by 0.05, or mass shifted by one slot), i.e. that the test
 * would catch those bugs.
 */
class SamplingDistributionTest {

  static final int DRAWS = 1_000_000;
  static final int BATCH = 100;

  /** Fills {@code n} items and gives them random weights in [0.5, 10.5) via setWeights. */
  static double[] fillWithRandomWeights(ReplayBuffer buffer, int n, long seed) {
    InsertReceipt receipt = Fixtures.insert(buffer, n, 0, 0);
    ReplayRandom random = new ReplayRandom(seed);
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      weights[i] = 0.5 + 10 * random.nextDouble();
    }
    assertEquals(n, buffer.setWeights(n, receipt.slots(), receipt.stamps(), weights));
    double[] bySlot = new double[buffer.capacity()];
    for (int i = 0; i < n; i++) {
      bySlot[receipt.slot(i)] = weights[i];
    }
    return bySlot;
  }

  static long[] draw(ReplayBuffer buffer, int draws) {
    long[] counts = new long[buffer.capacity()];
    SampleBatch batch = SampleBatch.indicesOnly(BATCH);
    for (int b = 0; b < draws / BATCH; b++) {
      buffer.sample(BATCH, batch);
      for (int k = 0; k < BATCH; k++) {
        counts[batch.slot(k)]++;
      }
    }
    return counts;
  }

  /** Expected counts over the occupied slots only (the chi-square categories). */
  static double[] proportional(double[] weightBySlot, int[] slots, double alpha, int draws) {
    double z = 0;
    for (int s : slots) {
      z += Math.pow(weightBySlot[s], alpha);
    }
    double[] e = new double[slots.length];
    for (int i = 0; i < slots.length; i++) {
      e[i] = draws * Math.pow(weightBySlot[slots[i]], alpha) / z;
    }
    return e;
  }

  static long[] select(long[] counts, int[] slots) {
    long[] o = new long[slots.length];
    for (int i = 0; i < slots.length; i++) {
      o[i] = counts[slots[i]];
    }
    return o;
  }

  static int[] occupied(double[] weightBySlot) {
    return IntStream.range(0, weightBySlot.length).filter(s -> weightBySlot[s] > 0).toArray();
  }

  @ParameterizedTest(name = "capacity {0}, {1} items, alpha {2}")
  @CsvSource({
    "1000, 1000, 0.6",
    "1024, 700, 0.6",
    "1025, 1025, 0.6",
    "1000, 1000, 1.0",
    "1000, 1000, 0.0"
  })
  void prioritizedMatchesPowerLawOfWeights(int capacity, int items, double alpha) {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", capacity)
                .set(ReplayOptions.WEIGHT, "loss")
                .set(ReplayOptions.ALPHA, alpha)
                .set(ReplayOptions.SEED, (long) capacity + items)
                .build());
    double[] weights = fillWithRandomWeights(buffer, items, 99);
    int[] slots = occupied(weights);
    assertEquals(items, slots.length);
    long[] observed = select(draw(buffer, DRAWS), slots);
    double p = Fixtures.chiSquareP(proportional(weights, slots, alpha, DRAWS), observed);
    System.out.printf(
        "prioritized capacity %d, %d items, alpha %.2f: chi-square p = %.4f%n",
        capacity, items, alpha, p);
    assertTrue(p > 1e-3, "p = " + p);

    // The same draws reject a wrong exponent ...
    double wrong = Fixtures.chiSquareP(proportional(weights, slots, alpha + 0.05, DRAWS), observed);
    assertTrue(wrong < 1e-6, "alpha+0.05 not rejected: p = " + wrong);
    // ... and mass shifted by one slot (an off-by-one between slots and tree leaves).
    double[] shifted = proportional(weights, slots, alpha, DRAWS);
    double first = shifted[0];
    System.arraycopy(shifted, 1, shifted, 0, shifted.length - 1);
    shifted[shifted.length - 1] = first;
    if (alpha > 0) {
      double off = Fixtures.chiSquareP(shifted, observed);
      assertTrue(off < 1e-6, "off-by-one not rejected: p = " + off);
    }
    buffer.verifyIntegrity();
  }

  @Test
  void prioritizedReportsItsExactProbabilities() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 300).set(ReplayOptions.WEIGHT, "loss").build());
    double[] weights = fillWithRandomWeights(buffer, 300, 5);
    double z = Arrays.stream(weights).map(w -> Math.pow(w, 0.6)).sum();
    SampleBatch batch = SampleBatch.indicesOnly(64);
    buffer.sample(64, batch);
    for (int k = 0; k < 64; k++) {
      double expected = Math.pow(weights[batch.slot(k)], 0.6) / z;
      assertEquals(expected, batch.probability(k), 1e-12 * expected);
    }
  }

  @Test
  void stratifiedDrawsOneRowPerEqualMassSegment() {
    int n = 500;
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", n)
                .set(ReplayOptions.WEIGHT, "loss")
                .set(ReplayOptions.SAMPLING, ReplayConfig.Sampling.STRATIFIED)
                .build());
    double[] weights = fillWithRandomWeights(buffer, n, 17);
    double[] prefix = new double[n + 1];
    for (int s = 0; s < n; s++) {
      prefix[s + 1] = prefix[s] + Math.pow(weights[s], 0.6);
    }
    double total = prefix[n];
    SampleBatch batch = SampleBatch.indicesOnly(BATCH);
    long[] counts = new long[n];
    for (int round = 0; round < DRAWS / 100; round++) {
      buffer.sample(100, batch);
      for (int k = 0; k < 100; k++) {
        int s = batch.slot(k);
        counts[s]++;
        double lo = k * total / 100;
        double hi = (k + 1) * total / 100;
        // slot s's mass interval [prefix[s], prefix[s+1]) must meet segment k
        assertTrue(
            prefix[s] <= hi * (1 + 1e-12) && prefix[s + 1] >= lo * (1 - 1e-12),
            "row " + k + " drew slot " + s + " outside its segment");
      }
    }
    // Stratification reduces variance, so the chi-square is conservative but still must pass.
    int[] slots = occupied(weights);
    double p = Fixtures.chiSquareP(proportional(weights, slots, 0.6, DRAWS), select(counts, slots));
    System.out.printf("stratified prioritized: chi-square p = %.4f%n", p);
    assertTrue(p > 1e-3, "p = " + p);
  }

  @ParameterizedTest
  @CsvSource({"uniform, independent", "uniform, stratified", "reservoir, independent"})
  void uniformIsUniform(String strategy, String sampling) {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config(strategy, 777)
                .set(ReplayOptions.SAMPLING, ReplayConfig.Sampling.valueOf(sampling.toUpperCase()))
                .build());
    Fixtures.insert(buffer, 777, 0, 0);
    long[] counts = draw(buffer, DRAWS);
    double[] expected = new double[777];
    Arrays.fill(expected, (double) DRAWS / 777);
    double p = Fixtures.chiSquareP(expected, counts);
    System.out.printf("%s (%s): chi-square p = %.4f%n", strategy, sampling, p);
    assertTrue(p > 1e-3, "p = " + p);
    SampleBatch batch = SampleBatch.indicesOnly(8);
    buffer.sample(8, batch);
    for (int k = 0; k < 8; k++) {
      assertEquals(1.0 / 777, batch.probability(k));
      assertEquals(1.0, batch.importanceWeight(k));
    }
  }

  @Test
  void rankMatchesInverseRankPowerLaw() {
    int n = 400;
    double alpha = 0.7;
    ReplayBuffer buffer =
        ReplayBuffers.create(Fixtures.config("rank", n).set(ReplayOptions.ALPHA, alpha).build());
    double[] weights = fillWithRandomWeights(buffer, n, 23);
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble((Integer s) -> -weights[s]));
    double z = 0;
    for (int r = 1; r <= n; r++) {
      z += Math.pow(r, -alpha);
    }
    double[] expected = new double[n];
    for (int r = 1; r <= n; r++) {
      expected[order[r - 1]] = DRAWS * Math.pow(r, -alpha) / z;
    }
    long[] counts = draw(buffer, DRAWS);
    double p = Fixtures.chiSquareP(expected, counts);
    System.out.printf("rank alpha %.1f: chi-square p = %.4f%n", alpha, p);
    assertTrue(p > 1e-3, "p = " + p);
    double[] wrong = new double[n];
    for (int r = 1; r <= n; r++) {
      wrong[order[r - 1]] = Math.pow(r, -(alpha + 0.05));
    }
    assertTrue(Fixtures.chiSquareP(wrong, counts) < 1e-6, "wrong exponent not rejected");
  }
}
