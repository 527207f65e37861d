package io.tmr.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Weight-gradient products ({@code C += alpha A^T B} with a long sum) split over their sum: the
 * result is the product within rounding (float32 against float64, and float64 exactly enough), C
 * outside the block is untouched, and a second call gives the same bits.
 */
class BlasSumSplitTest {
  @Test
  void onlyLongSumsOfTransposedAAreSplitOverTheSum() {
    assertTrue(Blas.splitsTheSum(true, false, 256, 1024, 4096));
    assertTrue(Blas.splitsTheSum(true, false, 64, 64, 4096));
    assertFalse(Blas.splitsTheSum(true, false, 8000, 256, 608), "MLM head: k below C's size");
    assertFalse(Blas.splitsTheSum(false, false, 256, 1024, 4096), "A not transposed");
    assertFalse(Blas.splitsTheSum(true, true, 256, 1024, 4096), "B transposed");
  }

  @Test
  void splitSumAccumulatesTheProductIntoASubBlock() {
    assumeTrue(Parallel.threads() > 1, "one thread: no split");
    int m = 40;
    int n = 56;
    int k = 2048 + 5; // not a multiple of the split alignment
    int ldc = n + 3;
    RandomStream random = new RandomStream(31);
    Matrix a32 = filled(DataType.FLOAT, k, m, random);
    Matrix b32 = filled(DataType.FLOAT, k, n, random);
    Matrix c32 = filled(DataType.FLOAT, m + 1, ldc, random);
    Matrix a64 = copy(a32, DataType.DOUBLE);
    Matrix b64 = copy(b32, DataType.DOUBLE);
    Matrix c64 = copy(c32, DataType.DOUBLE);
    Matrix before = copy(c32, DataType.DOUBLE);
    long cOffset = ldc + 2; // C starts in row 1, column 2
    Blas.gemm(true, false, m, n, k, 0.5, a32, 0, m, b32, 0, n, 1.0, c32, cOffset, ldc);
    Blas.gemm(true, false, m, n, k, 0.5, a64, 0, m, b64, 0, n, 1.0, c64, cOffset, ldc);
    for (int i = 0; i < c32.size(); i++) {
      long inBlock = i - cOffset;
      boolean written = inBlock >= 0 && inBlock / ldc < m && inBlock % ldc < n;
      if (!written) {
        assertEquals(before.get(i), c32.get(i), 0.0, "float32 C outside the block at " + i);
        assertEquals(before.get(i), c64.get(i), 0.0, "float64 C outside the block at " + i);
        continue;
      }
      int row = (int) (inBlock / ldc);
      int col = (int) (inBlock % ldc);
      double exact = before.get(i);
      double magnitude = Math.abs(before.get(i));
      for (int p = 0; p < k; p++) {
        double term = 0.5 * a64.get(p * m + row) * b64.get(p * n + col);
        exact += term;
        magnitude += Math.abs(term);
      }
      assertEquals(exact, c64.get(i), 1e-12 * magnitude, "float64 at " + row + "," + col);
      assertEquals(exact, c32.get(i), 1e-6 * magnitude, "float32 at " + row + "," + col);
    }
    // Same inputs, same split: the same bits.
    Matrix again = copy(before, DataType.FLOAT);
    Blas.gemm(true, false, m, n, k, 0.5, a32, 0, m, b32, 0, n, 1.0, again, cOffset, ldc);
    for (int i = 0; i < again.size(); i++) {
      assertEquals(
          Float.floatToRawIntBits((float) c32.get(i)),
          Float.floatToRawIntBits((float) again.get(i)),
          "repeat at " + i);
    }
  }

  private static Matrix filled(DataType type, int rows, int cols, RandomStream random) {
    Matrix m = Matrix.allocate(type, rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, 2 * random.nextDouble() - 1);
    }
    return m;
  }

  private static Matrix copy(Matrix from, DataType type) {
    Matrix m = Matrix.allocate(type, from.rows(), from.cols());
    for (int i = 0; i < m.size(); i++) {
      m.set(i, from.get(i));
    }
    return m;
  }
}
