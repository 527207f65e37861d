package io.tmr.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link Blas#independent}: every index once, and the split decided by the body's whole work. */
class BlasIndependentTest {
  private static final int COUNT = 64;

  /** Runs the loop and returns the threads that ran a body, after checking each index ran once. */
  private static Set<Thread> run(long flopsEach, long workEach) {
    AtomicIntegerArray runs = new AtomicIntegerArray(COUNT);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Blas.independent(
        COUNT,
        flopsEach,
        workEach,
        i -> {
          runs.incrementAndGet(i);
          threads.add(Thread.currentThread());
          busyWait(20_000);
        });
    for (int i = 0; i < COUNT; i++) {
      assertEquals(1, runs.get(i), "index " + i);
    }
    return threads;
  }

  private static void busyWait(long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  @Test
  void smallWorkRunsOnTheCallerAndWorkBeyondTheProductsCanMakeItSplit() {
    long small = Blas.MIN_PARALLEL_FLOPS / COUNT / 4;
    assertEquals(Set.of(Thread.currentThread()), run(small, small));
    // The same products with other work (a softmax) that takes the whole body over the threshold.
    Set<Thread> split = run(small, Blas.MIN_PARALLEL_FLOPS / COUNT + 1);
    if (Parallel.threads() > 1) {
      assertTrue(split.size() > 1, "ran on " + split);
      assertTrue(split.contains(Thread.currentThread()), "the caller takes part: " + split);
    } else {
      assertEquals(Set.of(Thread.currentThread()), split);
    }
  }

  @Test
  void workBelowTheProductsFlopsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Blas.independent(2, 10, 9, i -> {}));
  }
}
