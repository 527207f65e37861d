import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;

public class GemmH {
  static Matrix rnd(int r, int c) {
    Matrix m = Matrix.allocate(DataType.FLOAT, r, c);
    java.util.Random g = new java.util.Random(r * 31 + c);
    for (int i = 0; i < r * c; i++) m.set(i, g.nextFloat() - 0.5f);
    return m;
  }
  static double time(Runnable r, double flops) {
    for (int i = 0; i < 5; i++) r.run();
    double[] g = new double[21];
    for (int i = 0; i < g.length; i++) { long t = System.nanoTime(); r.run(); g[i] = flops / (System.nanoTime() - t); }
    java.util.Arrays.sort(g); return g[g.length / 2];
  }
  public static void main(String[] args) {
    int T = 4096;
    int[][] shapes = {{256, 768}, {256, 256}, {256, 1024}, {1024, 256}, {64, 192}, {64, 256}, {256, 64}};
    double total = 0, totalMs = 0;
    for (int[] s : shapes) {
      int in = s[0], out = s[1];
      Matrix x = rnd(T, in), w = rnd(out, in), y = rnd(T, out), dy = rnd(T, out), dw = rnd(out, in), dx = rnd(T, in);
      double f = 2.0 * T * in * out;
      double fw = time(() -> Blas.gemm(false, true, 1.0, x, w, 1.0, y), f);
      double gw = time(() -> Blas.gemm(true, false, 1.0, dy, x, 1.0, dw), f);
      double gx = time(() -> Blas.gemm(false, false, 1.0, dy, w, 0.0, dx), f);
      System.out.printf("in %4d out %4d: fwd NT %.0f  dW TN %.0f  dX NN %.0f GFLOP/s (ms %.2f %.2f %.2f)%n", in, out, fw, gw, gx, f/fw/1e6, f/gw/1e6, f/gx/1e6);
    }
    Matrix a = rnd(4096, 256), b = rnd(256, 1024), c = rnd(4096, 1024);
    System.out.printf("peak NN 4096x256x1024: %.0f%n", time(() -> Blas.gemm(false, false, 1.0, a, b, 0.0, c), 2.0 * 4096 * 256 * 1024));
  }
}
