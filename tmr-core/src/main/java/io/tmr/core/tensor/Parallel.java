package io.tmr.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits element-wise and row-wise loops, and the blocks of large matrix products ({@link Blas}),
 * over the machine's cores.
 *
 * <p>Work is split into a fixed number of chunks that does not depend on the thread count, so any
 * reduction that combines per-chunk partial results in chunk order is bit-identical whatever {@code
 * tmr.threads} is.
 *
 * <p>Threads: system property {@code tmr.threads}, default {@link Runtime#availableProcessors()}.
 * The calling thread takes part; the others are a fixed team of helper threads. A helper that has
 * finished waits for the next split by spinning for {@code tmr.spinMicros} microseconds (default
 * 100), then parks: a training step hands work over hundreds of times, and waking a parked thread
 * costs tens of microseconds each time (more in a virtual machine), while a spinning one starts at
 * once. The caller waits for the helpers the same way. OpenMP runtimes do the same (e.g. {@code
 * GOMP_SPINCOUNT}). Spinning changes no result, only timing; 0 parks at once.
 *
 * <p>Nested splits (from inside a body, on a helper) run on the calling thread. Meant for one
 * training thread per process: a second thread that asks for a split while the team is busy runs
 * its split alone, on itself (same results, no waiting).
 */
public final class Parallel {
  /** Chunks per split; reductions are deterministic because this is constant. */
  public static final int CHUNKS = 8;

  private static final int THREADS =
      Math.max(1, Integer.getInteger("tmr.threads", Runtime.getRuntime().availableProcessors()));

  /** The system property that sets how long an idle thread spins before it parks. */
  public static final String SPIN_PROPERTY = "tmr.spinMicros";

  private static final long SPIN_NANOS =
      TimeUnit.MICROSECONDS.toNanos(Math.max(0, Long.getLong(SPIN_PROPERTY, 100)));

  private static final Team TEAM = THREADS == 1 ? null : new Team(THREADS - 1);

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

  /** Whether the calling thread is one of the team's helpers (where a split runs inline). */
  public static boolean onWorkerThread() {
    return Thread.currentThread() instanceof Helper;
  }

  /** A body run once for each part {@code 0..parts)}. */
  @FunctionalInterface
  public interface PartBody {
    void run(int part);
  }

  /** What a thread of the team runs in one split: thread {@code t} of {@link #threads()}. */
  @FunctionalInterface
  private interface ThreadTask {
    void run(int thread);
  }

  /**
   * Runs {@code body} for parts {@code 0..parts)}, part p on thread {@code p mod threads()} (part 0
   * on the caller), and returns when all are done: for work already cut into as many pieces as
   * there are threads, such as the blocks of a split matrix product. Called from a helper, or with
   * one thread, runs the parts in order on the calling thread.
   */
  public static void forParts(int parts, PartBody body) {
    checkArgument(parts >= 0, "negative parts %s", parts);
    if (TEAM == null || parts < 2 || onWorkerThread()) {
      for (int p = 0; p < parts; p++) {
        body.run(p);
      }
      return;
    }
    run(
        Math.min(THREADS, parts),
        t -> {
          for (int p = t; p < parts; p += THREADS) {
            body.run(p);
          }
        });
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
    if (TEAM == null || n < 2 || (long) n * workPerItem < MIN_PARALLEL_WORK || onWorkerThread()) {
      for (int c = 0; c < CHUNKS; c++) {
        body.run(c, chunkStart(n, c), chunkStart(n, c + 1));
      }
      return;
    }
    // Thread t runs chunks t, t + THREADS, ...: the caller takes t = 0.
    run(
        THREADS,
        t -> {
          for (int c = t; c < CHUNKS; c += THREADS) {
            body.run(c, chunkStart(n, c), chunkStart(n, c + 1));
          }
        });
  }

  /**
   * Runs {@code task(0)} on the caller and {@code task(1..threads)} on the helpers, and returns
   * when all have finished; the first failure (the caller's own first) is rethrown. When the team
   * is busy with another caller's split, runs every task on the calling thread instead.
   */
  private static void run(int threads, ThreadTask task) {
    if (!TEAM.acquire()) {
      for (int t = 0; t < threads; t++) {
        task.run(t);
      }
      return;
    }
    Throwable failure = null;
    try {
      TEAM.start(threads - 1, task);
      try {
        task.run(0);
      } catch (RuntimeException | Error e) {
        failure = e;
      }
      Throwable helpers = TEAM.await(threads - 1);
      if (failure == null) {
        failure = helpers;
      }
    } finally {
      TEAM.release();
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    } else if (failure instanceof Error err) {
      throw err;
    } else if (failure != null) {
      throw new IllegalStateException(failure);
    }
  }

  /** The helper threads and the one split they work on at a time. */
  private static final class Team {
    private final Helper[] helpers;
    private final AtomicBoolean busy = new AtomicBoolean();

    Team(int size) {
      helpers = new Helper[size];
      for (int i = 0; i < size; i++) {
        helpers[i] = new Helper(i + 1);
        helpers[i].start();
      }
    }

    boolean acquire() {
      return busy.compareAndSet(false, true);
    }

    void release() {
      busy.set(false);
    }

    /** Gives helpers {@code 1..count} their task (helper i runs {@code task(i)}). */
    void start(int count, ThreadTask task) {
      for (int i = 0; i < count; i++) {
        helpers[i].post(task, Thread.currentThread());
      }
    }

    /** Waits until helpers {@code 1..count} are done; returns the first of their failures. */
    Throwable await(int count) {
      Throwable first = null;
      for (int i = 0; i < count; i++) {
        Throwable t = helpers[i].awaitDone();
        if (first == null) {
          first = t;
        }
      }
      return first;
    }
  }

  /**
   * One helper thread: waits for a posted task (spinning, then parked), runs it, reports done. The
   * volatile {@code posted}/{@code done} sequence numbers carry the task and its results between
   * threads (a write before the volatile write is visible after the volatile read that sees it).
   */
  private static final class Helper extends Thread {
    private final int index;
    private ThreadTask task;
    private Throwable failure;
    private volatile long posted;
    private volatile long done;
    private volatile boolean parked;
    private volatile Thread waiter;
    private volatile boolean waiterParked;

    Helper(int index) {
      super("tmr-parallel-" + index);
      this.index = index;
      setDaemon(true);
    }

    /** Called by the caller: hands over {@code t} and wakes this helper if it parked. */
    void post(ThreadTask t, Thread caller) {
      task = t;
      failure = null;
      waiter = caller;
      posted = posted + 1; // only the team's holder posts
      if (parked) {
        LockSupport.unpark(this);
      }
    }

    /** Called by the caller: waits for the posted task to finish; returns its failure or null. */
    Throwable awaitDone() {
      long target = posted;
      if (done != target) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (done != target) {
          if (System.nanoTime() < deadline) {
            Thread.onSpinWait();
          } else {
            waiterParked = true;
            if (done != target) {
              LockSupport.park(this);
            }
            waiterParked = false;
          }
        }
      }
      Throwable f = failure;
      task = null;
      failure = null;
      return f;
    }

    @Override
    public void run() {
      long seen = 0;
      while (true) {
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (posted == seen) {
          if (System.nanoTime() < deadline) {
            Thread.onSpinWait();
          } else {
            parked = true;
            if (posted == seen) {
              LockSupport.park(this);
            }
            parked = false;
          }
        }
        seen = posted;
        try {
          task.run(index);
        } catch (Throwable e) {
          failure = e;
        }
        done = seen;
        if (waiterParked) {
          LockSupport.unpark(waiter);
        }
      }
    }
  }
}
