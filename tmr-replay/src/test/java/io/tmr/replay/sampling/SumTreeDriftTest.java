package io.tmr.replay.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.Fixtures;
import io.tmr.replay.spi.ReplayRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Drift: after millions of updates the tree must still equal its leaves, and sampling must still
 * follow w^α/Σw^α. The same workload run through a delta-propagating float tree must fail the same
 * check, which shows the check has teeth.
 */
class SumTreeDriftTest {

  /** The tolerance the drift check uses: ~4500 ulps; a float tree is off by ~1e-7 at best. */
  static final double TOLERANCE = 1e-12;

  private static double value(ReplayRandom random) {
    // weights spanning nine orders of magnitude, where cancellation hurts most
    return Math.pow(10, -6 + 9 * random.nextDouble());
  }

  private static double relativeError(double root, double exact) {
    return Math.abs(root - exact) / exact;
  }

  private static void runDrift(int capacity, long updates) {
    SumTree tree = new SumTree(capacity);
    NaiveFloatSumTree naive = new NaiveFloatSumTree(capacity);
    ReplayRandom random = new ReplayRandom(11);
    for (int i = 0; i < capacity; i++) {
      double v = value(random);
      tree.set(i, v);
      naive.set(i, v);
    }
    for (long u = 0; u < updates; u++) {
      int i = random.nextInt(capacity);
      double v = value(random);
      tree.set(i, v);
      naive.set(i, v);
    }
    double exact = tree.compensatedLeafSum();
    double error = relativeError(tree.total(), exact);
    double naiveError = relativeError(naive.total(), exact);
    System.out.printf(
        "drift after %,d updates (capacity %,d): double tree %.3e, naive float"
            + " tree %.3e (tolerance %.0e)%n",
        updates, capacity, error, naiveError, TOLERANCE);
    tree.verify(TOLERANCE);
    assertTrue(error <= TOLERANCE, "tree root drifted by " + error);
    assertTrue(
        naiveError > TOLERANCE,
        "the naive float tree passed the drift check: the check is too weak (" + naiveError + ")");
  }

  @Test
  void rootEqualsLeafSumAfterAMillionUpdates() {
    runDrift(4096, 1_000_000);
  }

  @Test
  @Tag("slow")
  void rootEqualsLeafSumAfterTenMillionUpdates() {
    runDrift(100_000, 10_000_000);
  }

  @Test
  @Tag("slow")
  void samplingStillMatchesItsDefinitionAfterTenMillionUpdates() {
    int capacity = 1000;
    double alpha = 0.6;
    double[] w = new double[capacity];
    FakeItems items = new FakeItems(w);
    ProportionalSampler sampler = new ProportionalSampler(capacity, alpha, false);
    ReplayRandom random = new ReplayRandom(5);
    for (int i = 0; i < capacity; i++) {
      w[i] = value(random);
      sampler.onInsert(i, items);
    }
    for (long u = 0; u < 10_000_000L; u++) {
      int i = random.nextInt(capacity);
      w[i] = value(random);
      sampler.onUpdate(i, items);
    }
    sampler.verify(items);
    // Re-draw moderate weights so every expected count is large enough for chi-square.
    for (int i = 0; i < capacity; i++) {
      w[i] = 0.5 + random.nextDouble() * 10;
      sampler.onUpdate(i, items);
    }
    int draws = 1_000_000;
    long[] counts = new long[capacity];
    int[] slots = new int[1000];
    double[] p = new double[1000];
    for (int b = 0; b < draws / 1000; b++) {
      sampler.sample(1000, random, items, slots, p);
      for (int k = 0; k < 1000; k++) {
        counts[slots[k]]++;
      }
    }
    double[] expected = new double[capacity];
    double z = 0;
    for (int i = 0; i < capacity; i++) {
      z += Math.pow(w[i], alpha);
    }
    for (int i = 0; i < capacity; i++) {
      expected[i] = draws * Math.pow(w[i], alpha) / z;
    }
    double pValue = Fixtures.chiSquareP(expected, counts);
    System.out.printf("chi-square after 1e7 updates: p = %.4f%n", pValue);
    assertTrue(pValue > 1e-3, "p = " + pValue);
    assertEquals(capacity, counts.length);
  }
}
