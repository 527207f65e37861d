package io.tmr.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Mask words: blocks give the one-word loop's bits, thresholds give their rates, and a word depends
 * only on the seed and its index.
 */
class KeepMaskBitsTest {
  @Test
  void blockWordsAreTheOneWordLoopsWordsForAnyRange() {
    RandomStream random = new RandomStream(31);
    for (int trial = 0; trial < 200; trial++) {
      long seed = random.nextLong();
      int threshold = (int) (random.nextDouble() * (KeepMaskBits.LEVELS + 1));
      int from = (int) (random.nextDouble() * 40);
      int to = from + (int) (random.nextDouble() * 3 * KeepMaskBits.BLOCK);
      long[] filled = new long[to + 3];
      long[] oneByOne = new long[to + 3];
      KeepMaskBits.fill(seed, threshold, filled, from, to);
      for (int w = from; w < to; w++) {
        // a range shorter than a block takes the one-word loop
        KeepMaskBits.fill(seed, threshold, oneByOne, w, w + 1);
      }
      assertArrayEquals(oneByOne, filled, "seed " + seed + ", words " + from + ".." + to);
    }
  }

  @Test
  void keepRateIsOneMinusThresholdOverLevels() {
    long[] words = new long[4096];
    for (int threshold : new int[] {0, 3277, 16384, KeepMaskBits.LEVELS}) {
      KeepMaskBits.fill(7L, threshold, words, 0, words.length);
      long kept = 0;
      for (long w : words) {
        kept += Long.bitCount(w);
      }
      double rate = kept / (64.0 * words.length);
      assertEquals(
          1.0 - (double) threshold / KeepMaskBits.LEVELS, rate, 0.005, "threshold " + threshold);
    }
  }

  @Test
  void aWordDependsOnlyOnSeedAndIndex() {
    long[] whole = new long[100];
    long[] pieces = new long[100];
    KeepMaskBits.fill(99L, 3277, whole, 0, 100);
    KeepMaskBits.fill(99L, 3277, pieces, 37, 100);
    KeepMaskBits.fill(99L, 3277, pieces, 0, 37);
    assertArrayEquals(whole, pieces);
    assertThrows(IllegalArgumentException.class, () -> KeepMaskBits.fill(1L, -1, whole, 0, 1));
  }
}
