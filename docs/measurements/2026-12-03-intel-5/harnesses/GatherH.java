import io.tmr.core.tensor.*;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;

public class GatherH {
  public static void main(String[] args) {
    int S = 128, d = 64, H = 256, stride = 768;
    Matrix qkv = Matrix.allocate(DataType.FLOAT, 4096, stride);
    FloatBuffer f = qkv.floats();
    System.out.println("order " + f.order() + " direct " + f.isDirect());
    float[] q = new float[S * d], v = new float[S * d], kT = new float[S * d], row = new float[d];
    for (int rep = 0; rep < 6; rep++) {
      long t = System.nanoTime();
      int tasks = 0;
      for (int b = 0; b < 32; b++) for (int h = 0; h < 4; h++) {
        int q0 = b * S * stride + h * d, k0 = q0 + H, v0 = q0 + 2 * H;
        for (int r = 0; r < S; r++) { f.get(q0 + r * stride, q, r * d, d); f.get(v0 + r * stride, v, r * d, d); }
        tasks++;
      }
      long t2 = System.nanoTime();
      for (int b = 0; b < 32; b++) for (int h = 0; h < 4; h++) {
        int q0 = b * S * stride + h * d, k0 = q0 + H;
        for (int r = 0; r < S; r++) { f.get(k0 + r * stride, row, 0, d); for (int j = 0; j < d; j++) kT[j * S + r] = row[j]; }
      }
      long t3 = System.nanoTime();
      System.out.printf("2 plain gathers %.1f us/task (%.2f ns/float), transposed %.1f us/task (%.2f ns/float)%n", (t2 - t) / 1e3 / tasks, (t2 - t) / (double) tasks / (2 * S * d), (t3 - t2) / 1e3 / tasks, (t3 - t2) / (double) tasks / (S * d));
    }
  }
}
