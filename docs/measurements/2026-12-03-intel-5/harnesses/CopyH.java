import io.tmr.core.tensor.*;
import java.nio.*;
import jdk.incubator.vector.*;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

public class CopyH {
  static final VectorSpecies<Float> SP = FloatVector.SPECIES_512;
  public static void main(String[] args) {
    int S = 128, d = 64, stride = 768, T = 4096;
    var arr = Nd4j.create(DataType.FLOAT, new long[] {(long) T * stride}, 'c');
    FloatPointer fp = new FloatPointer(arr.data().addressPointer());
    fp.capacity((long) T * stride);
    FloatBuffer f = fp.asBuffer();
    ByteBuffer bb = fp.asByteBuffer().order(ByteOrder.nativeOrder());
    System.out.println("bb cap " + bb.capacity() + " order " + bb.order());
    float[] q = new float[S * d];
    for (int rep = 0; rep < 12; rep++) {
      int tasks = 0;
      long t0 = System.nanoTime();
      for (int b = 0; b < 32; b++) for (int h = 0; h < 12; h++) { int base = b * S * stride + h * d;
        for (int r = 0; r < S; r++) f.get(base + r * stride, q, r * d, d); tasks++; }
      long t1 = System.nanoTime();
      for (int b = 0; b < 32; b++) for (int h = 0; h < 12; h++) { int base = b * S * stride + h * d;
        for (int r = 0; r < S; r++) { int o = base + r * stride, qo = r * d; for (int j = 0; j < d; j++) q[qo + j] = f.get(o + j); } }
      long t2 = System.nanoTime();
      for (int b = 0; b < 32; b++) for (int h = 0; h < 12; h++) { int base = b * S * stride + h * d;
        for (int r = 0; r < S; r++) { long o = 4L * (base + r * stride); int qo = r * d;
          for (int j = 0; j < d; j += 16) FloatVector.fromByteBuffer(SP, bb, (int) o + 4 * j, ByteOrder.LITTLE_ENDIAN).intoArray(q, qo + j); } }
      long t3 = System.nanoTime();
      double n = tasks * (double) S * d;
      if (arr.length() < 0) System.out.println(arr);
      System.out.printf("bulk get %.2f  element get %.2f  vector %.2f ns/float%n", (t1 - t0) / n, (t2 - t1) / n, (t3 - t2) / n);
    }
  }
}
