import jdk.incubator.vector.*;
import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;

public class VGemm {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_512;

  // C[m x n] = A[m x k] B[k x n], row-major heap arrays; m % 4 == 0, n % 64 == 0
  static void nn4x4(float[] a, int lda, float[] b, int ldb, float[] c, int ldc, int m, int n, int k) {
    for (int j = 0; j < n; j += 64) {
      for (int i = 0; i < m; i += 4) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int ai = i * lda;
        for (int p = 0; p < k; p++) {
          int bo = p * ldb + j;
          FloatVector b0 = FloatVector.fromArray(S, b, bo);
          FloatVector b1 = FloatVector.fromArray(S, b, bo + 16);
          FloatVector b2 = FloatVector.fromArray(S, b, bo + 32);
          FloatVector b3 = FloatVector.fromArray(S, b, bo + 48);
          FloatVector x = FloatVector.broadcast(S, a[ai + p]);
          c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
          x = FloatVector.broadcast(S, a[ai + lda + p]);
          c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
          x = FloatVector.broadcast(S, a[ai + 2 * lda + p]);
          c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
          x = FloatVector.broadcast(S, a[ai + 3 * lda + p]);
          c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
        }
        int co = i * ldc + j;
        c00.intoArray(c, co); c01.intoArray(c, co + 16); c02.intoArray(c, co + 32); c03.intoArray(c, co + 48);
        co += ldc;
        c10.intoArray(c, co); c11.intoArray(c, co + 16); c12.intoArray(c, co + 32); c13.intoArray(c, co + 48);
        co += ldc;
        c20.intoArray(c, co); c21.intoArray(c, co + 16); c22.intoArray(c, co + 32); c23.intoArray(c, co + 48);
        co += ldc;
        c30.intoArray(c, co); c31.intoArray(c, co + 16); c32.intoArray(c, co + 32); c33.intoArray(c, co + 48);
      }
    }
  }

  public static void main(String[] args) {
    int m = 128, n = Integer.parseInt(args[0]), k = Integer.parseInt(args[1]);
    float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
    for (int i = 0; i < b.length; i++) b[i] = r.nextFloat();
    double f = 2.0 * m * n * k;
    for (int rep = 0; rep < 5; rep++) {
      int it = 20000;
      long t = System.nanoTime();
      for (int q = 0; q < it; q++) nn4x4(a, k, b, n, c, n, m, n, k);
      double g = f * it / (System.nanoTime() - t);
      System.out.printf("vector 4x4: %.1f GFLOP/s%n", g);
    }
    // check
    double err = 0;
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { double s = 0; for (int p = 0; p < k; p++) s += a[i*k+p]*b[p*n+j]; err = Math.max(err, Math.abs(s - c[i*n+j])); }
    System.out.println("max err " + err);
    Matrix A = Matrix.allocate(DataType.FLOAT, m, k), B = Matrix.allocate(DataType.FLOAT, k, n), C = Matrix.allocate(DataType.FLOAT, m, n);
    for (int rep = 0; rep < 3; rep++) {
      int it = 20000;
      long t = System.nanoTime();
      for (int q = 0; q < it; q++) Blas.gemm(false, false, 1.0, A, B, 0.0, C);
      System.out.printf("openblas: %.1f GFLOP/s%n", f * it / (System.nanoTime() - t));
    }
  }
}
