package io.tmr.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

class DropoutAndGeluTest {
  private static Matrix ones(int n) {
    Matrix m = Matrix.allocate(DataType.FLOAT, 1, n);
    m.fill(1.0);
    return m;
  }

  @Test
  void dropoutRateScaleAndDeterminism() {
    int n = 1_000_003;
    Dropout d = new Dropout(0.1);
    Matrix x = ones(n);
    Matrix y = Matrix.empty(DataType.FLOAT);
    d.sample(Context.training(new RandomStream(7)), n);
    d.apply(x, y);
    int kept = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double v = y.get(i);
      if (v != 0) {
        kept++;
        assertEquals(d.keepScale(), v, 1e-6);
        assertTrue(d.keeps(i));
      } else {
        assertTrue(!d.keeps(i));
      }
      sum += v;
    }
    double keepRate = (double) kept / n;
    // Binomial standard deviation sqrt(p(1-p)/n) = 3e-4: allow 5 sigma.
    assertEquals(0.9, keepRate, 1.5e-3);
    assertEquals(1.0, sum / n, 2e-3, "inverted dropout preserves the mean");

    Dropout again = new Dropout(0.1);
    Matrix z = Matrix.empty(DataType.FLOAT);
    again.sample(Context.training(new RandomStream(7)), n);
    again.apply(x, z);
    Dropout other = new Dropout(0.1);
    Matrix w = Matrix.empty(DataType.FLOAT);
    other.sample(Context.training(new RandomStream(8)), n);
    other.apply(x, w);
    int differ = 0;
    for (int i = 0; i < n; i++) {
      assertEquals(y.get(i), z.get(i), "same seed, same mask at " + i);
      if (y.get(i) != w.get(i)) {
        differ++;
      }
    }
    assertTrue(differ > n / 10, "a different seed gives a different mask");
  }

  /**
   * The 0/1 flags of any range, on or off the 64-element word grid (fine-tuning rows of odd
   * lengths), are the mask's own bits; inactive masks keep everything.
   */
  @Test
  void keepFlagsOfAnyRangeAreTheMasksBits() {
    Dropout d = new Dropout(0.3);
    int n = 1000;
    d.sample(Context.training(new RandomStream(11)), n);
    float[] out = new float[200];
    RandomStream r = new RandomStream(5);
    int kept = 0;
    int total = 0;
    for (int trial = 0; trial < 300; trial++) {
      int len = 1 + (int) (r.nextDouble() * 199);
      int base = (int) (r.nextDouble() * (n - len));
      java.util.Arrays.fill(out, 7f);
      d.keepFlags(base, len, out);
      for (int j = 0; j < len; j++) {
        assertEquals(d.keeps(base + j) ? 1f : 0f, out[j], "element " + (base + j));
        kept += (int) out[j];
        total++;
      }
      assertEquals(7f, out[len], "nothing written past n");
    }
    assertEquals(0.7, (double) kept / total, 0.02);
    d.sample(Context.inference(), n);
    d.keepFlags(3, 100, out);
    for (int j = 0; j < 100; j++) {
      assertEquals(1f, out[j]);
    }
  }

  @Test
  void dropoutIsIdentityInInference() {
    Dropout d = new Dropout(0.5);
    Matrix x = ones(100);
    x.set(3, 4.0);
    Matrix y = Matrix.empty(DataType.FLOAT);
    d.sample(Context.inference(), 100);
    assertTrue(!d.isActive());
    d.apply(x, y);
    for (int i = 0; i < 100; i++) {
      assertEquals(x.get(i), y.get(i));
    }
    assertEquals(x, d.applyTo(x, y), "inactive dropout passes gradients through without copying");
  }

  @Test
  void masksDifferBetweenSitesOfOneForwardPass() {
    Context ctx = Context.training(new RandomStream(3));
    Dropout a = new Dropout(0.5);
    Dropout b = new Dropout(0.5);
    a.sample(ctx, 64);
    b.sample(ctx, 64);
    int same = 0;
    for (int i = 0; i < 64; i++) {
      same += a.keeps(i) == b.keeps(i) ? 1 : 0;
    }
    assertNotEquals(64, same);
  }

  @ParameterizedTest
  @EnumSource(Gelu.class)
  void float32PathMatchesTheExactFunction(Gelu gelu) {
    int n = 200_001;
    Matrix x = Matrix.allocate(DataType.FLOAT, 1, n);
    for (int i = 0; i < n; i++) {
      x.set(i, -10.0 + 20.0 * i / (n - 1));
    }
    Matrix out = Matrix.empty(DataType.FLOAT);
    Matrix deriv = Matrix.empty(DataType.FLOAT);
    gelu.forward(x, out, deriv);
    double worstValue = 0;
    double worstDeriv = 0;
    for (int i = 0; i < n; i++) {
      double xi = x.get(i);
      worstValue =
          Math.max(worstValue, Math.abs(out.get(i) - gelu.value(xi)) / Math.max(1, Math.abs(xi)));
      worstDeriv = Math.max(worstDeriv, Math.abs(deriv.get(i) - gelu.derivative(xi)));
    }
    // Float32 rounding of values up to 10 is 4.8e-7 absolute, hence the relative form for |x| > 1.
    // The erf approximation contributes up to 1.5e-7 (A&S 7.1.26, as PyTorch's float GELU).
    System.out.printf(
        "float32 %s: value error %.2e, derivative error %.2e%n", gelu, worstValue, worstDeriv);
    assertTrue(worstValue < 3e-7, gelu + " value error " + worstValue);
    assertTrue(worstDeriv < 4e-7, gelu + " derivative error " + worstDeriv);
  }

  @Test
  void geluBackwardMultipliesEveryElementByItsDerivative() {
    // Sizes around the kernel's 1,024-element chunks and the parallel split: each element is the
    // float product, nothing skipped or doubled at a chunk edge.
    RandomStream random = new RandomStream(9);
    for (int n : new int[] {1, 1023, 1024, 1025, 300_007}) {
      Matrix grad = Matrix.allocate(DataType.FLOAT, 1, n);
      Matrix deriv = Matrix.allocate(DataType.FLOAT, 1, n);
      float[] expected = new float[n];
      for (int i = 0; i < n; i++) {
        float g = (float) random.nextGaussian();
        float d = (float) random.nextGaussian();
        grad.set(i, g);
        deriv.set(i, d);
        expected[i] = g * d;
      }
      Gelu.backwardInPlace(grad, deriv);
      for (int i = 0; i < n; i++) {
        assertEquals(expected[i], (float) grad.get(i), "n = " + n + ", element " + i);
      }
    }
  }

  @Test
  void exactAndTanhFormsDifferAsPublished() {
    // Reference values: GELU(1) = Phi(1) = 0.8413447460685429 (exact), 0.8411919906082768 (tanh
    // form);
    // GELU(-1) = -Phi(-1) = -0.15865525393145707 (exact), -0.15880800939172324 (tanh form).
    assertEquals(0.8413447460685429, Gelu.ERF.value(1.0), 1e-15);
    assertEquals(0.8411919906082768, Gelu.TANH.value(1.0), 1e-15);
    assertEquals(-0.15865525393145707, Gelu.ERF.value(-1.0), 1e-15);
    assertEquals(-0.15880800939172324, Gelu.TANH.value(-1.0), 1e-15);
  }
}
