import io.tmr.core.nn.Gelu;
import io.tmr.core.tensor.*;
import java.nio.*;

public class GeluH {
  public static void main(String[] a) throws Exception {
    int rows = 4096, cols = 1024;
    Matrix in = Matrix.allocate(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, cols), out = Matrix.allocate(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, cols), d = Matrix.allocate(org.nd4j.linalg.api.buffer.DataType.FLOAT, rows, cols);
    java.util.Random r = new java.util.Random(1);
    for (int i = 0; i < rows * cols; i++) in.set(i, (float) r.nextGaussian());
    for (int rep = 0; rep < 8; rep++) {
      long t = System.nanoTime();
      for (int k = 0; k < 10; k++) Gelu.ERF.forward(in, out, d);
      double ns = (System.nanoTime() - t) / 10.0 / (rows * cols);
      long t2 = System.nanoTime();
      for (int k = 0; k < 10; k++) Gelu.backwardInPlace(out, d);
      double ns2 = (System.nanoTime() - t2) / 10.0 / (rows * cols);
      System.out.printf("forward %.3f ns/el  backward %.3f ns/el%n", ns, ns2);
    }
  }
}
