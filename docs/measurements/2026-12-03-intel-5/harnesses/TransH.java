import io.tmr.core.tensor.*;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;

public class TransH {
  public static void main(String[] args) {
    int S = 128, d = 64, H = 256, stride = 768;
    Matrix qkv = Matrix.allocate(DataType.FLOAT, 4096, stride);
    FloatBuffer f = qkv.floats();
    float[] k = new float[S * d], kT = new float[S * d], row = new float[d];
    for (int rep = 0; rep < 8; rep++) {
      long t = System.nanoTime(); int tasks = 0;
      for (int b = 0; b < 32; b++) for (int h = 0; h < 4; h++) {
        int k0 = b * S * stride + h * d + H;
        for (int r = 0; r < S; r++) f.get(k0 + r * stride, k, r * d, d);
        for (int j = 0; j < d; j++) { int o = j * S; for (int r = 0; r < S; r++) kT[o + r] = k[r * d + j]; }
        tasks++;
      }
      long t2 = System.nanoTime();
      for (int b = 0; b < 32; b++) for (int h = 0; h < 4; h++) {
        int k0 = b * S * stride + h * d + H;
        for (int r = 0; r < S; r++) f.get(k0 + r * stride, k, r * d, d);
        for (int r0 = 0; r0 < S; r0 += 8) for (int j = 0; j < d; j++) { int o = j * S + r0; int i = r0 * d + j;
          kT[o] = k[i]; kT[o+1] = k[i+d]; kT[o+2] = k[i+2*d]; kT[o+3] = k[i+3*d]; kT[o+4] = k[i+4*d]; kT[o+5] = k[i+5*d]; kT[o+6] = k[i+6*d]; kT[o+7] = k[i+7*d]; }
      }
      long t3 = System.nanoTime();
      System.out.printf("gather+colwise %.1f us/task, gather+8-row tiles %.1f us/task%n", (t2 - t) / 1e3 / tasks, (t3 - t2) / 1e3 / tasks);
    }
  }
}
