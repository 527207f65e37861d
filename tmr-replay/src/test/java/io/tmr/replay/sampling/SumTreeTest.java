package io.tmr.replay.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.spi.ReplayRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SumTreeTest {

  @Test
  void findReturnsTheLeafWhosePrefixIntervalContainsU() {
    SumTree t = new SumTree(6); // padded to 8 leaves
    double[] leaves = {1, 2, 3, 4, 0, 5};
    for (int i = 0; i < leaves.length; i++) {
      t.set(i, leaves[i]);
    }
    assertEquals(15.0, t.total());
    assertEquals(0, t.find(0.0));
    assertEquals(0, t.find(Math.nextDown(1.0)));
    assertEquals(1, t.find(1.0));
    assertEquals(1, t.find(Math.nextDown(3.0)));
    assertEquals(2, t.find(3.0));
    assertEquals(3, t.find(6.0));
    assertEquals(3, t.find(Math.nextDown(10.0)));
    // leaf 4 is zero: the boundary at 10 belongs to leaf 5
    assertEquals(5, t.find(10.0));
    assertEquals(5, t.find(Math.nextDown(15.0)));
    // u at or past the total (rounding) still lands on the last positive leaf, not on padding
    assertEquals(5, t.find(15.0));
    assertEquals(5, t.find(16.0));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 8, 9, 1000, 1023, 1024, 1025})
  void everyIntegerBoundaryMapsToItsLeaf(int capacity) {
    SumTree t = new SumTree(capacity);
    ReplayRandom random = new ReplayRandom(capacity);
    long[] leaves = new long[capacity];
    for (int i = 0; i < capacity; i++) {
      leaves[i] = random.nextInt(4); // integers: every prefix sum is exact
      t.set(i, leaves[i]);
    }
    long prefix = 0;
    for (int i = 0; i < capacity; i++) {
      if (leaves[i] > 0) {
        assertEquals(i, t.find(prefix), "lower edge of leaf " + i);
        assertEquals(i, t.find(prefix + leaves[i] - 0.5), "inside leaf " + i);
        assertEquals(
            i, t.find(Math.nextDown((double) prefix + leaves[i])), "upper edge of leaf " + i);
      }
      prefix += leaves[i];
    }
    assertEquals(prefix, (long) t.total());
    t.verify(0.0);
  }

  @Test
  void neverReturnsAZeroLeafEvenAtTheTotal() {
    ReplayRandom random = new ReplayRandom(3);
    for (int trial = 0; trial < 200; trial++) {
      int capacity = 1 + random.nextInt(300);
      SumTree t = new SumTree(capacity);
      boolean any = false;
      for (int i = 0; i < capacity; i++) {
        if (random.nextInt(4) == 0) {
          t.set(i, random.nextDouble() * 1e-3 + Math.scalb(1.0, random.nextInt(40) - 20));
          any = true;
        }
      }
      if (!any) {
        t.set(capacity - 1, 0.1);
      }
      double total = t.total();
      double[] probes = {
        0, total, Math.nextUp(total), Math.nextDown(total), random.nextDouble() * total
      };
      for (double u : probes) {
        int leaf = t.find(u);
        assertTrue(
            leaf >= 0 && leaf < capacity && t.get(leaf) > 0,
            "u=" + u + " found leaf " + leaf + " of value " + (leaf < capacity ? t.get(leaf) : -1));
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 5, 17, 64, 1000, 4097})
  void batchedFindEqualsFindForEveryDraw(int capacity) {
    SumTree t = new SumTree(capacity);
    ReplayRandom random = new ReplayRandom(capacity * 31L);
    for (int i = 0; i < capacity; i++) {
      // zeros, integers (exact boundaries) and wide magnitudes
      int kind = random.nextInt(3);
      t.set(
          i,
          kind == 0
              ? 0
              : kind == 1
                  ? random.nextInt(5)
                  : Math.scalb(random.nextDouble(), random.nextInt(30) - 15));
    }
    if (t.total() == 0) {
      t.set(0, 1);
    }
    int n = 1000;
    double[] us = new double[n];
    int[] expected = new int[n];
    double total = t.total();
    for (int k = 0; k < n; k++) {
      us[k] =
          switch (k % 4) {
            case 0 -> random.nextDouble() * total;
            case 1 -> total; // at the top boundary
            case 2 -> Math.floor(random.nextDouble() * total); // on integer boundaries
            default -> Math.nextUp(total);
          };
      expected[k] = t.find(us[k]);
    }
    int[] actual = new int[n];
    t.findAll(us, n, actual);
    for (int k = 0; k < n; k++) {
      assertEquals(expected[k], actual[k], "draw " + k);
      assertTrue(t.get(actual[k]) > 0);
    }
  }

  @Test
  void rejectsBadValuesAndIndices() {
    SumTree t = new SumTree(4);
    t.set(1, 2.0);
    assertThrows(IllegalArgumentException.class, () -> t.set(0, -1e-300));
    assertThrows(IllegalArgumentException.class, () -> t.set(0, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> t.set(0, Double.POSITIVE_INFINITY));
    assertThrows(IndexOutOfBoundsException.class, () -> t.set(4, 1.0));
    assertThrows(IndexOutOfBoundsException.class, () -> t.set(-1, 1.0));
    assertThrows(IllegalArgumentException.class, () -> new SumTree(0));
    assertEquals(2.0, t.total(), "failed calls leave the tree unchanged");
  }
}
