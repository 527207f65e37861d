import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;

public class GemmV {
  public static void main(String[] args) {
    int T = 4096;
    int[][] shapes = {{256, 768}, {256, 256}, {256, 1024}, {1024, 256}};
    for (int[] s : shapes) {
      int in = s[0], out = s[1];
      Matrix x = GemmH.rnd(T, in), xT = GemmH.rnd(in, T), dy = GemmH.rnd(T, out), dyT = GemmH.rnd(out, T), dw = GemmH.rnd(out, in);
      double f = 2.0 * T * in * out;
      double tn = GemmH.time(() -> Blas.gemm(true, false, 1.0, dy, x, 1.0, dw), f);
      double nn = GemmH.time(() -> Blas.gemm(false, false, 1.0, dyT, x, 1.0, dw), f);
      double nt = GemmH.time(() -> Blas.gemm(false, true, 1.0, dyT, xT, 1.0, dw), f);
      double tt = GemmH.time(() -> Blas.gemm(true, true, 1.0, dy, xT, 1.0, dw), f);
      System.out.printf("in %4d out %4d: TN %.0f NN(dyT) %.0f NT(dyT,xT) %.0f TT(xT) %.0f%n", in, out, tn, nn, nt, tt);
    }
  }
}
