import io.tmr.core.tensor.*;
import org.nd4j.linalg.api.buffer.DataType;

public class GemmCold {
  public static void main(String[] args) {
    int[][] shapes = {{256, 1024}, {1024, 256}, {768, 256}, {256, 256}};
    int T = 4096, R = 6;
    for (int[] s : shapes) {
      int m = s[0], n = s[1];
      Matrix[] dy = new Matrix[R], x = new Matrix[R], dyT = new Matrix[R];
      for (int r = 0; r < R; r++) { dy[r] = GemmH.rnd(T, m); x[r] = GemmH.rnd(T, n); dyT[r] = GemmH.rnd(m, T); }
      Matrix c = GemmH.rnd(m, n);
      double f = 2.0 * m * n * T;
      int[] idx = {0};
      double tn = GemmH.time(() -> { int r = idx[0]++ % R; Blas.gemm(true, false, 1.0, dy[r], x[r], 1.0, c); }, f);
      double nn = GemmH.time(() -> { int r = idx[0]++ % R; Blas.gemm(false, false, 1.0, dyT[r], x[r], 1.0, c); }, f);
      System.out.printf("m %4d n %4d k %d (2 threads, cold, rotating %d): TN %.0f  NN(dyT) %.0f GFLOP/s%n", m, n, T, R, tn, nn);
    }
  }
}
