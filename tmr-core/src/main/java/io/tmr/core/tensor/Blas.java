package io.tmr.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Row-major GEMM/GEMV on {@link Matrix} buffers through the OpenBLAS library that ND4J's CPU
 * backend itself loads.
 *
 * <p>Why not {@code INDArray.mmul}: it allocates its result and, into a c-order result, was
 * measured up to 10x slower (performance.md). Calling cblas directly on the buffers also lets one
 * call address a sub-block of a larger buffer through an offset and a leading dimension, which is
 * how attention multiplies one head of one sequence without copying it out. Results are always
 * written into caller-owned buffers; {@code beta = 1} accumulates (used for all parameter
 * gradients, which are summed across uses of a shared weight).
 *
 * <p><b>Threads</b> ({@code -Dtmr.blasThreading}, see {@link Threading}): by default OpenBLAS runs
 * single-threaded and a product large enough to be worth it is split into {@link
 * Parallel#threads()} row (or column) blocks of C, each computed by one OpenBLAS call on its own
 * {@link Parallel} thread; a weight gradient ({@code A^T B} with a long sum) is split over its sum
 * instead, into per-thread partial products added into C afterwards ({@link #splitsTheSum}). All
 * the step's work then runs on the same {@code tmr.threads} threads. With OpenBLAS's own threads
 * ({@code openblas}), its worker threads spin between products (tens of milliseconds by default,
 * OpenBLAS 0.3.19) and so compete, on a machine with as many cores as threads, with the Java
 * threads of the element-wise loops and of the per-head products.
 */
public final class Blas {
  /**
   * How products use more than one thread: system property {@code tmr.blasThreading}, read once.
   */
  public enum Threading {
    /**
     * {@code tmr} (default): OpenBLAS single-threaded; TMR splits each large product into row or
     * column blocks (weight gradients: ranges of the sum) over its {@link Parallel} threads.
     * Results depend on {@code tmr.threads} (the blocks), never on timing.
     */
    TMR,
    /**
     * {@code openblas}: OpenBLAS's own threads (the thread count ND4J gives it from {@code
     * OMP_NUM_THREADS}), the behaviour before this option existed.
     */
    OPENBLAS;

    /** The property's value for this mode. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The system property that chooses {@link Threading}. */
  public static final String THREADING_PROPERTY = "tmr.blasThreading";

  private static final Threading THREADING = threadingFrom(System.getProperty(THREADING_PROPERTY));

  /** FLOPs (2mnk) of every product since the process started: always counted, for utilisation. */
  private static final LongAdder FLOPS = new LongAdder();

  /** Products below this many FLOPs are not split (a hand-off to another thread costs ~10 us). */
  private static final long MIN_SPLIT_FLOPS = 1L << 22;

  /** Column sums over fewer elements than this are not split. */
  private static final long MIN_SPLIT_ELEMENTS = 1L << 18;

  /** Split points are multiples of this many rows or columns (whole micro-kernel tiles). */
  private static final int SPLIT_ALIGN = 16;

  static {
    // ND4J loads OpenBLAS and sets its thread count when it starts: before that, OpenBLAS's
    // thread count reads -1. Start it first, then pin the count under the default mode.
    Nd4j.getBackend();
    if (THREADING == Threading.TMR) {
      openblas_nolapack.blas_set_num_threads(1);
    }
  }

  private static final int ROW_MAJOR = openblas_nolapack.CblasRowMajor;
  private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
  private static final int TRANS = openblas_nolapack.CblasTrans;

  /** Set while {@link #independent} runs, so its GEMMs are timed once, by wall clock. */
  private static volatile boolean insideIndependent;

  /** Set while {@link #independent} runs its products on the calling thread (profiling label). */
  private static boolean perHeadSequential;

  static final long MIN_PARALLEL_FLOPS = 1L << 24;

  private Blas() {}

  static Threading threadingFrom(String value) {
    if (value == null || value.isBlank()) {
      return Threading.TMR;
    }
    for (Threading t : Threading.values()) {
      if (t.value().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "-D" + THREADING_PROPERTY + "=" + value + ": expected tmr or openblas");
  }

  /** The threading mode of this process ({@code -Dtmr.blasThreading}). */
  public static Threading threading() {
    return THREADING;
  }

  /**
   * OpenBLAS's current thread count (ND4J sets it at start-up, overriding OPENBLAS_NUM_THREADS; 1
   * under the default {@link Threading#TMR}).
   */
  public static int threads() {
    return openblas_nolapack.blas_get_num_threads();
  }

  /**
   * Floating-point operations of all matrix products run through this class since the process
   * started (2mnk each, per-head products included): a benchmark reads it before and after the work
   * it times. Thread-safe.
   */
  public static long flops() {
    return FLOPS.sum();
  }

  /** Threads a large product runs on: {@code tmr.threads}, or OpenBLAS's own count. */
  public static int gemmThreads() {
    return THREADING == Threading.TMR ? Parallel.threads() : threads();
  }

  /**
   * Runs {@code body} with OpenBLAS's own thread count set to {@code threads} and restores it: for
   * a calibration that wants OpenBLAS's threaded GEMM whatever the mode.
   */
  public static void withOpenBlasThreads(int threads, Runnable body) {
    int previous = threads();
    setThreads(threads);
    try {
      body.run();
    } finally {
      setThreads(previous);
    }
  }

  /** A loop body over independent GEMMs {@code 0..count)}. */
  @FunctionalInterface
  public interface IndexedGemms {
    void run(int index);
  }

  /**
   * Runs {@code count} independent small GEMMs (e.g. one per sequence and head) split over the
   * {@link Parallel} threads with OpenBLAS single-threaded, restoring its thread count afterwards.
   * For 128x128x64 products this measured 105 GFLOP/s against 71 for sequential calls with two
   * OpenBLAS threads (whose per-call synchronisation dominates at that size). Results are identical
   * either way: each product is computed by one thread. The body may do other work between its
   * products (attention runs its softmax there): {@code workEach} is the whole body's cost in
   * product FLOPs, which decides whether to split, and {@code flopsEach} its products' FLOPs only.
   * Run in parallel, the body's whole wall time is the profiler section {@code gemm per head
   * (parallel)}.
   */
  public static void independent(int count, long flopsEach, long workEach, IndexedGemms body) {
    checkArgument(
        workEach >= flopsEach, "work %s below the products' %s FLOPs", workEach, flopsEach);
    // Hand-offs and thread-count switches cost tens of microseconds: only worth it for real work.
    if (Parallel.threads() == 1 || count < 2 || count * workEach < MIN_PARALLEL_FLOPS) {
      if (Profiler.ENABLED) {
        perHeadSequential = true;
      }
      try {
        for (int i = 0; i < count; i++) {
          body.run(i);
        }
      } finally {
        if (Profiler.ENABLED) {
          perHeadSequential = false;
        }
      }
      return;
    }
    int previous = THREADING == Threading.TMR ? 1 : threads();
    if (previous != 1) {
      setThreads(1);
    }
    long t0 = Profiler.start();
    insideIndependent = true;
    try {
      Parallel.forChunks(
          count,
          Long.MAX_VALUE / count,
          (chunk, start, end) -> {
            for (int i = start; i < end; i++) {
              body.run(i);
            }
          });
    } finally {
      insideIndependent = false;
      Profiler.endGemm("gemm per head (parallel)", t0, count * flopsEach);
      if (previous != 1) {
        setThreads(previous);
      }
    }
  }

  /**
   * Whether the caller runs inside a parallel {@link #independent}, whose section already times
   * everything its body does (so the body must not time sections of its own).
   */
  public static boolean insideParallelIndependent() {
    return insideIndependent;
  }

  /** Sets OpenBLAS's thread count for all subsequent calls (process-wide). */
  public static void setThreads(int threads) {
    checkArgument(threads > 0, "threads must be positive: %s", threads);
    openblas_nolapack.blas_set_num_threads(threads);
  }

  /**
   * {@code C = alpha * op(A) * op(B) + beta * C} on the logical shapes of the matrices. C must
   * already have the result's logical shape.
   */
  public static void gemm(
      boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
    int m = transA ? a.cols() : a.rows();
    int k = transA ? a.rows() : a.cols();
    int kb = transB ? b.cols() : b.rows();
    int n = transB ? b.rows() : b.cols();
    checkArgument(k == kb, "inner dimensions differ: %s vs %s (A %s, B %s)", k, kb, a, b);
    checkArgument(c.rows() == m && c.cols() == n, "C is %s, expected %s x %s", c, m, n);
    gemm(transA, transB, m, n, k, alpha, a, 0, a.cols(), b, 0, b.cols(), beta, c, 0, c.cols());
  }

  /**
   * Raw row-major GEMM on sub-blocks: {@code op(A)} is m x k starting at element {@code aOffset} of
   * A's storage with leading dimension {@code lda}; likewise B and C.
   */
  public static void gemm(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double alpha,
      Matrix a,
      long aOffset,
      int lda,
      Matrix b,
      long bOffset,
      int ldb,
      double beta,
      Matrix c,
      long cOffset,
      int ldc) {
    checkArgument(a.dataType() == b.dataType() && b.dataType() == c.dataType(), "mixed data types");
    if (m == 0 || n == 0) {
      return;
    }
    checkBounds(a, aOffset, transA ? k : m, transA ? m : k, lda);
    checkBounds(b, bOffset, transB ? n : k, transB ? k : n, ldb);
    checkBounds(c, cOffset, m, n, ldc);
    long t0 = Profiler.start();
    long flops = 2L * m * n * k;
    int parts = Parallel.threads();
    boolean byRows = m >= n;
    int dim = byRows ? m : n;
    boolean split =
        THREADING == Threading.TMR
            && parts > 1
            && !insideIndependent
            && flops >= MIN_SPLIT_FLOPS
            && !Parallel.onWorkerThread();
    if (split && splitsTheSum(transA, transB, m, n, k)) {
      gemmSplittingTheSum(
          transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
          parts);
    } else if (split && dim >= 2 * SPLIT_ALIGN) {
      Parallel.forParts(
          parts,
          part -> {
            int from = splitPoint(dim, part, parts);
            int to = splitPoint(dim, part + 1, parts);
            if (to <= from) {
              return;
            }
            if (byRows) {
              kernel(
                  transA,
                  transB,
                  to - from,
                  n,
                  k,
                  alpha,
                  a,
                  aOffset + (transA ? from : (long) from * lda),
                  lda,
                  b,
                  bOffset,
                  ldb,
                  beta,
                  c,
                  cOffset + (long) from * ldc,
                  ldc);
            } else {
              kernel(
                  transA,
                  transB,
                  m,
                  to - from,
                  k,
                  alpha,
                  a,
                  aOffset,
                  lda,
                  b,
                  bOffset + (transB ? (long) from * ldb : from),
                  ldb,
                  beta,
                  c,
                  cOffset + from,
                  ldc);
            }
          });
    } else {
      kernel(
          transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }
    recordProduct(t0, flops);
  }

  /**
   * Counts a product's FLOPs ({@link #flops()}, the profiler's GEMM total) and, outside a parallel
   * {@link #independent}, times it as a GEMM section since {@code t0}: for {@link #gemm} and for
   * {@link SmallGemm}.
   */
  static void recordProduct(long t0, long flops) {
    if (!insideIndependent) {
      Profiler.endGemm(perHeadSequential ? "gemm per head" : "gemm", t0, flops);
    }
    Profiler.addGemmFlops(flops);
    FLOPS.add(flops);
  }

  /**
   * Whether a product is split over its sum (k) rather than over C's rows or columns: the weight
   * gradients {@code dW = dY^T X}, with k the tokens of the batch and C no larger than a weight.
   * Split over C, each thread packed the whole of one operand from memory (both threads read it),
   * and these products ran at 128-233 GFLOP/s in the step at shape B, against 300-350 for the other
   * dense products (2026-12-03, Intel Xeon with AVX-512).
   */
  static boolean splitsTheSum(boolean transA, boolean transB, int m, int n, int k) {
    return transA && !transB && k >= 4L * Math.max(m, n) && k >= 2 * SPLIT_ALIGN;
  }

  /**
   * {@link #gemm} with the sum over k split into {@code parts} ranges: part 0 accumulates into C
   * with the caller's beta, each other part into a zeroed buffer of its thread, and the buffers are
   * then added into C in part order (so results depend on the thread count, as for any split, never
   * on timing).
   */
  private static void gemmSplittingTheSum(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double alpha,
      Matrix a,
      long aOffset,
      int lda,
      Matrix b,
      long bOffset,
      int ldb,
      double beta,
      Matrix c,
      long cOffset,
      int ldc,
      int parts) {
    Matrix[] partials = PARTIAL_SUMS.get();
    if (partials.length < parts) {
      partials = new Matrix[parts];
      PARTIAL_SUMS.set(partials);
    }
    for (int p = 1; p < parts; p++) {
      if (partials[p] == null || partials[p].dataType() != c.dataType()) {
        partials[p] = Matrix.empty(c.dataType());
      }
      partials[p].resize(m, n);
    }
    Matrix[] buffers = partials;
    Parallel.forParts(
        parts,
        part -> {
          int from = splitPoint(k, part, parts);
          int to = splitPoint(k, part + 1, parts);
          long aFrom = transA ? (long) from * lda : from;
          long bFrom = transB ? from : (long) from * ldb;
          // Part 0 accumulates into C itself; the others into their zeroed buffers.
          boolean intoC = part == 0;
          kernel(
              transA,
              transB,
              m,
              n,
              to - from,
              alpha,
              a,
              aOffset + aFrom,
              lda,
              b,
              bOffset + bFrom,
              ldb,
              intoC ? beta : 0.0,
              intoC ? c : buffers[part],
              intoC ? cOffset : 0,
              intoC ? ldc : n);
        });
    FloatBuffer cf = c.floats();
    DoubleBuffer cd = c.doubles();
    Parallel.forChunks(
        m,
        (long) n * parts,
        (chunk, start, end) -> {
          float[] sum = ROWS.floats(0, n);
          float[] add = ROWS.floats(1, n);
          for (int i = start; i < end; i++) {
            int row = Math.toIntExact(cOffset + (long) i * ldc);
            if (cf != null) {
              cf.get(row, sum, 0, n);
              for (int p = 1; p < parts; p++) {
                buffers[p].floats().get(i * n, add, 0, n);
                for (int j = 0; j < n; j++) {
                  sum[j] += add[j];
                }
              }
              cf.put(row, sum, 0, n);
            } else {
              for (int p = 1; p < parts; p++) {
                DoubleBuffer pd = buffers[p].doubles();
                for (int j = 0; j < n; j++) {
                  cd.put(row + j, cd.get(row + j) + pd.get(i * n + j));
                }
              }
            }
          }
        });
  }

  /** Row arrays of {@link #gemmSplittingTheSum}'s additions, reused on each thread. */
  private static final ScratchArrays ROWS = new ScratchArrays(2);

  /** The calling thread's buffers for {@link #gemmSplittingTheSum}'s parts 1.. (index 0 unused). */
  private static final ThreadLocal<Matrix[]> PARTIAL_SUMS =
      ThreadLocal.withInitial(() -> new Matrix[0]);

  /** Start of block {@code part} of {@code parts} over {@code dim}, a multiple of the alignment. */
  static int splitPoint(int dim, int part, int parts) {
    if (part >= parts) {
      return dim;
    }
    long at = (long) dim * part / parts;
    return (int) Math.min(dim, at / SPLIT_ALIGN * SPLIT_ALIGN);
  }

  /** One OpenBLAS call on already checked blocks. */
  private static void kernel(
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double alpha,
      Matrix a,
      long aOffset,
      int lda,
      Matrix b,
      long bOffset,
      int ldb,
      double beta,
      Matrix c,
      long cOffset,
      int ldc) {
    int ta = transA ? TRANS : NO_TRANS;
    int tb = transB ? TRANS : NO_TRANS;
    if (c.isDouble()) {
      DoublePointer pa = new DoublePointer(a.pointer()).position(aOffset);
      DoublePointer pb = new DoublePointer(b.pointer()).position(bOffset);
      DoublePointer pc = new DoublePointer(c.pointer()).position(cOffset);
      openblas_nolapack.cblas_dgemm(
          ROW_MAJOR, ta, tb, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    } else {
      FloatPointer pa = new FloatPointer(a.pointer()).position(aOffset);
      FloatPointer pb = new FloatPointer(b.pointer()).position(bOffset);
      FloatPointer pc = new FloatPointer(c.pointer()).position(cOffset);
      openblas_nolapack.cblas_sgemm(
          ROW_MAJOR, ta, tb, m, n, k, (float) alpha, pa, lda, pb, ldb, (float) beta, pc, ldc);
    }
  }

  /**
   * Column sums: {@code y[j] = alpha * sum_i A[i][j] + beta * y[j]} over A's logical shape, with y
   * a vector of A.cols() elements. Used for bias gradients ({@code beta = 1} accumulates).
   */
  public static void columnSums(double alpha, Matrix a, Matrix ones, double beta, Matrix y) {
    checkArgument(ones.size() >= a.rows(), "ones vector too short: %s < %s", ones.size(), a.rows());
    checkArgument(y.size() == a.cols(), "y has %s elements, expected %s", y.size(), a.cols());
    if (a.rows() == 0) {
      if (beta != 1.0) {
        for (int j = 0; j < y.size(); j++) {
          y.set(j, beta * y.get(j));
        }
      }
      return;
    }
    int m = a.rows();
    int n = a.cols();
    long t0 = Profiler.start();
    int parts = Parallel.threads();
    if (THREADING == Threading.TMR
        && parts > 1
        && (long) m * n >= MIN_SPLIT_ELEMENTS
        && n >= 2 * SPLIT_ALIGN
        && !Parallel.onWorkerThread()) {
      // Column blocks, one single-threaded call each (OpenBLAS runs single-threaded here).
      Parallel.forParts(
          parts,
          part -> {
            int from = splitPoint(n, part, parts);
            int to = splitPoint(n, part + 1, parts);
            if (to > from) {
              columnSumsKernel(alpha, a, m, n, from, to - from, ones, beta, y);
            }
          });
    } else {
      columnSumsKernel(alpha, a, m, n, 0, n, ones, beta, y);
    }
    Profiler.end("gemv(bias grad)", t0);
  }

  /** {@code y[from..from+cols) = alpha * column sums of A's columns from..from+cols) + beta y}. */
  private static void columnSumsKernel(
      double alpha,
      Matrix a,
      int m,
      int n,
      int from,
      int cols,
      Matrix ones,
      double beta,
      Matrix y) {
    if (a.isDouble()) {
      openblas_nolapack.cblas_dgemv(
          ROW_MAJOR,
          TRANS,
          m,
          cols,
          alpha,
          new DoublePointer(a.pointer()).position(from),
          n,
          new DoublePointer(ones.pointer()),
          1,
          beta,
          new DoublePointer(y.pointer()).position(from),
          1);
    } else {
      openblas_nolapack.cblas_sgemv(
          ROW_MAJOR,
          TRANS,
          m,
          cols,
          (float) alpha,
          new FloatPointer(a.pointer()).position(from),
          n,
          new FloatPointer(ones.pointer()),
          1,
          (float) beta,
          new FloatPointer(y.pointer()).position(from),
          1);
    }
  }

  private static void checkBounds(Matrix x, long offset, int rows, int cols, int ld) {
    checkArgument(ld >= Math.max(1, cols), "leading dimension %s < %s", ld, cols);
    long last = offset + (long) (rows - 1) * ld + cols;
    checkArgument(
        offset >= 0 && (rows == 0 || last <= x.capacity()),
        "block [%s x %s, ld %s] at %s exceeds capacity %s",
        rows,
        cols,
        ld,
        offset,
        x.capacity());
  }
}
