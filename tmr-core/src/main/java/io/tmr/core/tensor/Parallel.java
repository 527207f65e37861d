package io.tmr.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits element-wise and row-wise loops over the machine's cores.
 *
 * <p>GEMM is already multi-threaded inside OpenBLAS, but the Java loops between GEMMs (GELU,
 * softmax, LayerNorm, dropout) would otherwise run on one core of two. Work is split into a fixed
 * number of chunks that does not depend on the thread count, so any reduction that combines
 * per-chunk partial results in chunk order is bit-identical whatever {@code tmr.threads} is.
 *
 * <p>Threads: system property {@code tmr.threads}, default {@link Runtime#availableProcessors()}.
 * Nested splits (from inside a body) run on the calling thread. Meant for one training thread per
 * process: concurrent callers share the pool and each still completes, but they compete for it.
 */
public final class Parallel {
  /** Chunks per split; reductions are deterministic because this is constant. */
  public static final int CHUNKS = 8;

  private static final int THREADS =
      Math.max(1, Integer.getInteger("tmr.threads", Runtime.getRuntime().availableProcessors()));
  private static final ExecutorService POOL =
      THREADS == 1
          ? null
          : Executors.newFixedThreadPool(
              THREADS - 1,
              r -> {
                Thread t = new Worker(r);
                t.setDaemon(true);
                return t;
              });

  /** Pool threads; a split requested from one of them runs inline (the pool could deadlock). */
  private static final class Worker extends Thread {
    Worker(Runnable r) {
      super(r, "tmr-parallel");
    }
  }

  /** Work below this many element-operations runs on the calling thread (hand-off costs ~10 us). */
  private static final long MIN_PARALLEL_WORK = 1L << 16;

  private Parallel() {}

  /** A loop body over the half-open index range [start, end) belonging to chunk {@code chunk}. */
  @FunctionalInterface
  public interface ChunkBody {
    void run(int chunk, int start, int end);
  }

  public static int threads() {
    return THREADS;
  }

  /** Whether the calling thread is one of this pool's (where a split runs inline). */
  public static boolean onWorkerThread() {
    return Thread.currentThread() instanceof Worker;
  }

  /** A body run once for each part {@code 0..parts)}. */
  @FunctionalInterface
  public interface PartBody {
    void run(int part);
  }

  /**
   * Runs {@code body} for parts {@code 0..parts)}, part p on thread {@code p mod threads()} (part 0
   * on the caller), and returns when all are done: for work already cut into as many pieces as
   * there are threads, such as the blocks of a split matrix product. Called from a pool thread, or
   * with one thread, runs the parts in order on the calling thread.
   */
  public static void forParts(int parts, PartBody body) {
    checkArgument(parts >= 0, "negative parts %s", parts);
    if (POOL == null || parts < 2 || Thread.currentThread() instanceof Worker) {
      for (int p = 0; p < parts; p++) {
        body.run(p);
      }
      return;
    }
    int helpers = Math.min(THREADS, parts) - 1;
    Future<?>[] futures = new Future<?>[helpers];
    for (int t = 1; t <= helpers; t++) {
      final int first = t;
      futures[t - 1] =
          POOL.submit(
              () -> {
                for (int p = first; p < parts; p += THREADS) {
                  body.run(p);
                }
              });
    }
    Throwable failure = null;
    try {
      for (int p = 0; p < parts; p += THREADS) {
        body.run(p);
      }
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    await(futures, failure);
  }

  /** Start index of chunk {@code c} of {@code n} items split into {@link #CHUNKS} chunks. */
  public static int chunkStart(int n, int c) {
    return (int) ((long) n * c / CHUNKS);
  }

  /**
   * Runs {@code body} over [0, n) in {@link #CHUNKS} contiguous chunks (some possibly empty), on up
   * to {@link #threads()} threads. {@code workPerItem} estimates the cost of one item (e.g. the row
   * length for row loops) and decides whether splitting is worth it.
   */
  public static void forChunks(int n, long workPerItem, ChunkBody body) {
    checkArgument(n >= 0, "negative range %s", n);
    if (POOL == null
        || n < 2
        || (long) n * workPerItem < MIN_PARALLEL_WORK
        || Thread.currentThread() instanceof Worker) {
      for (int c = 0; c < CHUNKS; c++) {
        body.run(c, chunkStart(n, c), chunkStart(n, c + 1));
      }
      return;
    }
    // Thread t runs chunks t, t + THREADS, ...: the caller takes t = 0.
    Future<?>[] futures = new Future<?>[THREADS - 1];
    for (int t = 1; t < THREADS; t++) {
      final int first = t;
      futures[t - 1] = POOL.submit(() -> runChunks(n, first, body));
    }
    Throwable failure = null;
    try {
      runChunks(n, 0, body);
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    await(futures, failure);
  }

  /** Waits for every future, then rethrows the first failure (the caller's own, if any). */
  private static void await(Future<?>[] futures, Throwable failure) {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a parallel chunk", e);
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      }
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    } else if (failure instanceof Error err) {
      throw err;
    } else if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  private static void runChunks(int n, int first, ChunkBody body) {
    for (int c = first; c < CHUNKS; c += THREADS) {
      body.run(c, chunkStart(n, c), chunkStart(n, c + 1));
    }
  }
}
