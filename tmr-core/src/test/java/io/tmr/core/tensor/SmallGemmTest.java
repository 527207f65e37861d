package io.tmr.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link SmallGemm}: the vector tiles give the scalar loop's bits for every shape (tiles, partial
 * tiles, leftover rows and columns, transposed A, offsets and padded leading dimensions), and both
 * give the product within float rounding of a double-precision reference.
 */
class SmallGemmTest {
  private static final int[][] SHAPES = {
    {128, 128, 64},
    {128, 64, 128},
    {4, 16, 1},
    {5, 17, 3},
    {7, 80, 33},
    {1, 1, 1},
    {3, 15, 9},
    {12, 130, 20},
    {16, 64, 0},
    {0, 32, 8},
    {9, 48, 64}
  };

  @Test
  void vectorTilesGiveTheScalarLoopsBits() {
    assumeTrue(Simd.status().enabled(), "needs --add-modules " + Simd.MODULE);
    RandomStream random = new RandomStream(5);
    for (int[] shape : SHAPES) {
      for (boolean transA : new boolean[] {false, true}) {
        Case c = new Case(shape[0], shape[1], shape[2], transA, random);
        float[] viaApi = c.freshC();
        SmallGemm.multiply(
            transA, c.m, c.n, c.k, 0.125f, c.a, 3, c.lda, c.b, 5, c.ldb, viaApi, 2, c.ldc);
        float[] scalar = c.freshC();
        SmallGemm.scalar(
            transA, 0, c.m, 0, c.n, c.k, 0.125f, c.a, 3, c.lda, c.b, 5, c.ldb, scalar, 2, c.ldc);
        for (int i = 0; i < scalar.length; i++) {
          assertEquals(
              Float.floatToRawIntBits(scalar[i]),
              Float.floatToRawIntBits(viaApi[i]),
              "element " + i + " of " + c);
        }
      }
    }
  }

  @Test
  void productMatchesADoublePrecisionReferenceAndLeavesTheRestOfCAlone() {
    RandomStream random = new RandomStream(6);
    for (int[] shape : SHAPES) {
      for (boolean transA : new boolean[] {false, true}) {
        Case c = new Case(shape[0], shape[1], shape[2], transA, random);
        float[] out = c.freshC();
        float[] before = out.clone();
        float alpha = 0.7f;
        SmallGemm.multiply(
            transA, c.m, c.n, c.k, alpha, c.a, 3, c.lda, c.b, 5, c.ldb, out, 2, c.ldc);
        boolean[] written = new boolean[out.length];
        for (int i = 0; i < c.m; i++) {
          for (int j = 0; j < c.n; j++) {
            double sum = 0;
            double magnitude = 0;
            for (int p = 0; p < c.k; p++) {
              double term = (double) c.a(i, p) * c.b[5 + p * c.ldb + j];
              sum += term;
              magnitude += Math.abs(term);
            }
            int at = 2 + i * c.ldc + j;
            written[at] = true;
            double tolerance = 1e-6 * magnitude * alpha + 1e-30;
            assertEquals(alpha * sum, out[at], tolerance, c + " at " + i + "," + j);
          }
        }
        for (int i = 0; i < out.length; i++) {
          if (!written[i]) {
            assertEquals(before[i], out[i], 0f, "element " + i + " outside C changed, " + c);
          }
        }
      }
    }
  }

  @Test
  void countsItsFlopsAsBlasDoes() {
    float[] a = new float[6 * 5];
    float[] b = new float[5 * 7];
    float[] c = new float[6 * 7];
    long before = Blas.flops();
    SmallGemm.multiply(false, 6, 7, 5, 1f, a, 0, 5, b, 0, 7, c, 0, 7);
    assertEquals(2L * 6 * 7 * 5, Blas.flops() - before);
  }

  @Test
  void rejectsBlocksOutsideTheirArrays() {
    float[] a = new float[4 * 4];
    float[] b = new float[4 * 4];
    float[] c = new float[4 * 4];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SmallGemm.multiply(false, 4, 4, 4, 1f, a, 0, 4, b, 1, 4, c, 0, 4));
    assertTrue(e.getMessage().contains("B outside"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> SmallGemm.multiply(false, 4, 4, 4, 1f, a, 0, 4, b, 0, 4, c, 0, 3));
  }

  /** Operands with offsets and leading dimensions wider than the block, filled at random. */
  private static final class Case {
    final int m;
    final int n;
    final int k;
    final boolean transA;
    final int lda;
    final int ldb;
    final int ldc;
    final float[] a;
    final float[] b;
    private final RandomStream random;

    Case(int m, int n, int k, boolean transA, RandomStream random) {
      this.m = m;
      this.n = n;
      this.k = k;
      this.transA = transA;
      this.random = random;
      this.lda = (transA ? m : k) + 3;
      this.ldb = n + 2;
      this.ldc = n + 5;
      this.a = fill(3 + Math.max(1, transA ? k : m) * lda);
      this.b = fill(5 + Math.max(1, k) * ldb);
    }

    float a(int i, int p) {
      return transA ? a[3 + p * lda + i] : a[3 + i * lda + p];
    }

    float[] freshC() {
      return fillSeeded(2 + Math.max(1, m) * ldc);
    }

    private float[] fill(int length) {
      float[] x = new float[length];
      for (int i = 0; i < length; i++) {
        x[i] = (float) (2 * random.nextDouble() - 1);
      }
      return x;
    }

    private float[] fillSeeded(int length) {
      float[] x = new float[length];
      for (int i = 0; i < length; i++) {
        x[i] = 1000f + i; // sentinels: must survive outside the block
      }
      return x;
    }

    @Override
    public String toString() {
      return m + "x" + n + "x" + k + (transA ? " transA" : "");
    }
  }
}
