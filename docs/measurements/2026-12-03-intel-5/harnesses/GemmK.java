import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;

public class GemmK {
  static double time(Runnable r, double flops) { return GemmH.time(r, flops); }
  public static void main(String[] args) {
    int T = 4096;
    int[][] shapes = {{256, 768}, {256, 256}, {256, 1024}, {1024, 256}, {64, 192}, {64, 256}, {256, 64}};
    for (int[] s : shapes) {
      int in = s[0], out = s[1];
      Matrix x = GemmH.rnd(T, in), dy = GemmH.rnd(T, out), dw = GemmH.rnd(out, in);
      Matrix tmp = Matrix.allocate(DataType.FLOAT, out, in);
      double f = 2.0 * T * in * out;
      double now = time(() -> Blas.gemm(true, false, 1.0, dy, x, 1.0, dw), f);
      // k split: part 0 into dw (beta 1), part 1 into tmp (beta 0), then dw += tmp
      double ks = time(() -> {
        Parallel.forParts(2, part -> {
          int from = part == 0 ? 0 : T / 2, to = part == 0 ? T / 2 : T;
          Blas.gemm(true, false, out, in, to - from, 1.0, dy, (long) from * out, out, x, (long) from * in, in, part == 0 ? 1.0 : 0.0, part == 0 ? dw : tmp, 0, in);
        });
        java.nio.FloatBuffer a = dw.floats(), b = tmp.floats();
        for (int i = 0; i < out * in; i++) a.put(i, a.get(i) + b.get(i));
      }, f);
      // other dimension split
      boolean byRows = out >= in;
      double other = time(() -> {
        Parallel.forParts(2, part -> {
          if (!byRows) { int h = out / 2; int from = part * h, to = part == 0 ? h : out;
            Blas.gemm(true, false, to - from, in, T, 1.0, dy, from, out, x, 0, in, 1.0, dw, (long) from * in, in);
          } else { int h = in / 2; int from = part * h, to = part == 0 ? h : in;
            Blas.gemm(true, false, out, to - from, T, 1.0, dy, 0, out, x, from, in, 1.0, dw, from, in); }
        });
      }, f);
      double ob = 0;
      Blas.setThreads(2);
      System.out.printf("in %4d out %4d: dW TN now %.0f  k-split %.0f  other-dim %.0f GFLOP/s%n", in, out, now, ks, other);
      Blas.setThreads(1);
    }
  }
}
