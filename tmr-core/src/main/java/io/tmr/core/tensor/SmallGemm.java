package io.tmr.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Float32 products of small row-major blocks held in heap arrays, {@code C = alpha op(A) B}: the
 * per-head products of attention ({@code [S, d] x [d, S]} and {@code [S, S] x [S, d]} at S = 128, d
 * = 64), which OpenBLAS ran at 75 GFLOP/s on one thread in the step (39 % of its own large-product
 * rate; packing and call overhead on 2 MFLOP products, 2026-12-03, Intel Xeon with AVX-512). Here
 * the caller copies each operand once into a heap array (a head's Q, K, V block serves several
 * products) and the kernel runs register tiles of 4 rows by 4 vectors through the Vector API: about
 * 150 GFLOP/s on one thread on blocks in cache (same machine).
 *
 * <p>Every element is computed the same way on every path: {@code acc = 0; for p = 0 .. k-1: acc =
 * fma(A(i, p), B(p, j), acc)}, then {@code C(i, j) = acc * alpha}. The vector tiles ({@link Simd}
 * on) and the scalar loop (off, and the rows and columns that do not fill a tile) therefore give
 * the same bits, and so do any two splits of the work. B must be row-major {@code [k, n]} (its rows
 * are loaded as vectors); A may be given transposed, because it is only read one element at a time:
 * {@code A(i, p)} is {@code a[aOff + i * lda + p]}, or {@code a[aOff + p * lda + i]} with {@code
 * transA}. A product {@code X Y^T} thus needs Y copied transposed by the caller.
 *
 * <p>FLOPs are counted as {@link Blas#gemm}'s are ({@link Blas#flops()}, profiler sections).
 */
public final class SmallGemm {
  /** Rows of one register tile. */
  static final int TILE_ROWS = 4;

  /** The scalar loop's accumulator row, reused on each thread. */
  private static final ScratchArrays ACCUMULATOR = new ScratchArrays(1);

  private SmallGemm() {}

  /**
   * {@code c[cOff + i * ldc + j] = alpha * sum_p A(i, p) * b[bOff + p * ldb + j]} for i in [0, m),
   * j in [0, n), p in [0, k), with A(i, p) as in the class comment; C must not overlap A or B.
   */
  public static void multiply(
      boolean transA,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc) {
    checkArgument(m >= 0 && n >= 0 && k >= 0, "negative size %s x %s x %s", m, n, k);
    checkArgument(
        ldb >= n && ldc >= n && lda >= (transA ? m : k), "leading dimension below the block");
    checkArgument(
        m == 0 || n == 0 || cOff + (long) (m - 1) * ldc + n <= c.length, "C outside its array");
    checkArgument(
        k == 0 || n == 0 || bOff + (long) (k - 1) * ldb + n <= b.length, "B outside its array");
    checkArgument(
        m == 0
            || k == 0
            || aOff + (long) ((transA ? k : m) - 1) * lda + (transA ? m : k) <= a.length,
        "A outside its array");
    long t0 = Profiler.start();
    int rowsDone = 0;
    int colsDone = 0;
    if (Simd.enabled()) {
      rowsDone = m - m % TILE_ROWS;
      colsDone =
          VectorKernels.multiplyTiles(
              transA, rowsDone, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    }
    // What the tiles left: the columns right of them in their rows, then the last rows whole.
    scalar(transA, 0, rowsDone, colsDone, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    scalar(transA, rowsDone, m, 0, n, k, alpha, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    Blas.recordProduct(t0, 2L * m * n * k);
  }

  /**
   * The scalar form for rows [rowFrom, rowTo) and columns [colFrom, colTo): per row, the
   * accumulators run over p in order (a loop over j that C2 vectorises), so each element gets the
   * vector tiles' chain of fused multiply-adds.
   */
  static void scalar(
      boolean transA,
      int rowFrom,
      int rowTo,
      int colFrom,
      int colTo,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc) {
    int width = colTo - colFrom;
    if (width <= 0 || rowTo <= rowFrom) {
      return;
    }
    float[] acc = ACCUMULATOR.floats(0, width);
    for (int i = rowFrom; i < rowTo; i++) {
      java.util.Arrays.fill(acc, 0, width, 0f);
      for (int p = 0; p < k; p++) {
        float x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        int bo = bOff + p * ldb + colFrom;
        for (int j = 0; j < width; j++) {
          acc[j] = Math.fma(x, b[bo + j], acc[j]);
        }
      }
      int co = cOff + i * ldc + colFrom;
      for (int j = 0; j < width; j++) {
        c[co + j] = acc[j] * alpha;
      }
    }
  }
}
