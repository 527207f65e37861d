package io.tmr.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Each thread and slot owns one array, reused from call to call and grown when asked for more. */
class ScratchArraysTest {
  @Test
  void aThreadGetsTheSameArrayBackUntilItAsksForMore() {
    ScratchArrays scratch = new ScratchArrays(2);
    float[] first = scratch.floats(0, 100);
    assertEquals(100, first.length);
    first[7] = 3f;
    float[] again = scratch.floats(0, 60);
    assertSame(first, again, "a shorter request reuses the array");
    assertEquals(3f, again[7], "contents are left as the last call left them");
    float[] grown = scratch.floats(0, 101);
    assertNotSame(first, grown);
    assertTrue(grown.length >= 101);
    assertSame(grown, scratch.floats(0, 5), "the grown array is kept");
    assertNotSame(grown, scratch.floats(1, 5), "slots are separate");
    double[] doubles = scratch.doubles(1, 9);
    assertEquals(9, doubles.length);
    assertSame(doubles, scratch.doubles(1, 9));
  }

  @Test
  void threadsHaveTheirOwnArrays() throws Exception {
    ScratchArrays scratch = new ScratchArrays(1);
    float[] mine = scratch.floats(0, 16);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      float[] theirs = other.submit(() -> scratch.floats(0, 16)).get();
      assertNotSame(mine, theirs);
      assertSame(theirs, other.submit(() -> scratch.floats(0, 16)).get());
    } finally {
      other.shutdown();
    }
    assertSame(mine, scratch.floats(0, 16));
  }

  @Test
  void slotsOutsideTheRangeAreRefused() {
    ScratchArrays scratch = new ScratchArrays(2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> scratch.floats(2, 1));
    assertTrue(e.getMessage().contains("slot 2 outside [0, 2)"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> scratch.doubles(-1, 1));
    assertThrows(IllegalArgumentException.class, () -> new ScratchArrays(0));
  }
}
