package io.tmr.core.nn;
import io.tmr.core.tensor.*;
public class ExpScalarH {
  public static void main(String[] args) throws Exception {
    int n = 1024, reps = 20000;
    float[] a = new float[n], s = new float[n], src = new float[n];
    java.util.Random r = new java.util.Random(1); for (int i = 0; i < n; i++) src[i] = (float) (r.nextGaussian() * 5);
    java.lang.reflect.Method m = FastMath.class.getDeclaredMethod("expShiftedScalar", float[].class, int.class, float.class, float[].class);
    m.setAccessible(true);
    for (int rep = 0; rep < 4; rep++) {
      long t = System.nanoTime();
      for (int q = 0; q < reps; q++) { System.arraycopy(src, 0, a, 0, n); m.invoke(null, a, n, 0f, s); }
      double sc = (System.nanoTime() - t) / (double) reps / n;
      t = System.nanoTime();
      for (int q = 0; q < reps; q++) { System.arraycopy(src, 0, a, 0, n); FastMath.expInPlace(a, n, s); }
      double v = (System.nanoTime() - t) / (double) reps / n;
      System.out.printf("scalar loops %.3f ns/el, expInPlace (Vector API if on) %.3f ns/el%n", sc, v);
    }
  }
}
