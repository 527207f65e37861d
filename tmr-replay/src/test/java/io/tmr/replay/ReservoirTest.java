package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.spi.ItemView;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReservoirTest {

  @Test
  void everyStreamItemIsRetainedWithProbabilityKOverN() {
    int k = 10;
    int n = 100;
    int runs = 20_000;
    long[] retained = new long[n];
    for (int run = 0; run < runs; run++) {
      ArrayReplayBuffer buffer =
          (ArrayReplayBuffer)
              ReplayBuffers.create(
                  Fixtures.config("reservoir", k).set(ReplayOptions.SEED, (long) run).build());
      for (int i = 0; i < n; i += 20) {
        Fixtures.insert(buffer, 20, i, 0);
      }
      assertEquals(k, buffer.size());
      ItemView items = buffer.items();
      Set<Long> stamps = new HashSet<>();
      for (int s = items.oldest(); s != ItemView.NONE; s = items.newer(s)) {
        assertTrue(stamps.add(items.stamp(s)), "duplicate stamp");
        retained[(int) items.stamp(s)]++;
      }
      ReplayStats stats = buffer.stats();
      assertEquals(n, stats.offered());
      assertEquals(n, stats.inserted() + stats.rejected());
    }
    double[] expected = new double[n];
    Arrays.fill(expected, (double) runs * k / n);
    double p = Fixtures.chiSquareP(expected, retained);
    System.out.printf("reservoir k=%d n=%d over %d runs: chi-square p = %.4f%n", k, n, runs, p);
    assertTrue(p > 1e-3, "p = " + p);
    // The head of the stream is not favoured (a classic Algorithm R off-by-one keeps early items).
    double[] favoursHead = expected.clone();
    for (int i = 0; i < k; i++) {
      favoursHead[i] *= 1.1;
    }
    assertTrue(Fixtures.chiSquareP(favoursHead, retained) < 1e-6);
  }

  @Test
  void reservoirStorageCombinesWithPrioritizedSampling() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 16).set(ReplayOptions.EVICTION, "reservoir").build());
    Fixtures.insert(buffer, 200, 0, 0);
    ReplayStats stats = buffer.stats();
    assertEquals(16, stats.size());
    assertEquals(200, stats.inserted() + stats.rejected());
    assertTrue(stats.rejected() > 100, "reservoir keeps few of a long stream");
    buffer.verifyIntegrity();
  }

  @Test
  void reservoirStrategyRejectsAConflictingEviction() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReplayBuffers.create(
                    Fixtures.config("reservoir", 16)
                        .set(ReplayOptions.EVICTION, "min-weight")
                        .build()));
    assertTrue(e.getMessage().contains("replay.eviction=min-weight"), e.getMessage());
  }
}
