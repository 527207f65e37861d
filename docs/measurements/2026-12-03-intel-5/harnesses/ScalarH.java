import io.tmr.core.tensor.*;
public class ScalarH {
  static void fmaOffset(float[] acc, float x, float[] b, int bo, int w) { for (int j = 0; j < w; j++) acc[j] = Math.fma(x, b[bo + j], acc[j]); }
  static void fmaZero(float[] acc, float x, float[] b, int w) { for (int j = 0; j < w; j++) acc[j] = Math.fma(x, b[j], acc[j]); }
  static void mulAdd(float[] acc, float x, float[] b, int bo, int w) { for (int j = 0; j < w; j++) acc[j] += x * b[bo + j]; }
  public static void main(String[] args) {
    int m = 128, n = 128, k = 64;
    float[] a = new float[m * k], b = new float[k * n], c = new float[m * n], acc = new float[n];
    double f = 2.0 * m * n * k;
    for (int rep = 0; rep < 5; rep++) {
      long t = System.nanoTime();
      for (int q = 0; q < 200; q++) SmallGemm.multiply(false, m, n, k, 1f, a, 0, k, b, 0, n, c, 0, n);
      double g1 = f * 200 / (System.nanoTime() - t);
      t = System.nanoTime();
      for (int q = 0; q < 200; q++) for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) fmaOffset(acc, a[i * k + p], b, p * n, n);
      double g2 = f * 200 / (System.nanoTime() - t);
      t = System.nanoTime();
      for (int q = 0; q < 200; q++) for (int i = 0; i < m; i++) for (int p = 0; p < k; p++) mulAdd(acc, a[i * k + p], b, p * n, n);
      double g3 = f * 200 / (System.nanoTime() - t);
      System.out.printf("SmallGemm %.1f  fma loop %.1f  mul+add loop %.1f GFLOP/s%n", g1, g2, g3);
    }
  }
}
