package io.tmr.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernels (exponential, maximum, sums, GELU, mask bits) give the scalar loops'
 * results (the product tiles: SmallGemmTest), and the option and module detection say what they do.
 * The tests' JVM adds the module (root pom, as TMR's launcher does), so the vector path is what the
 * rest of the suite exercises.
 */
class SimdTest {
  @Test
  void theTestJvmRunsTheVectorKernelsAsTheLauncherDoes() {
    Simd.Status status = Simd.status();
    assertTrue(status.enabled(), status.why());
    assertTrue(status.floatLanes() >= 4, "lanes " + status.floatLanes());
    assertEquals(Simd.JVM_OPTIONS, Simd.jvmOptions());
    assertEquals(List.of("--add-modules", Simd.MODULE), Simd.JVM_OPTIONS.subList(0, 2));
  }

  @Test
  void theLauncherAndTheTestsPassTheSameOptionsAsChildJvms() throws Exception {
    // tests run in the module's folder: the launcher and the root pom are one level up.
    String launcher = Files.readString(Path.of("..", "tmr"));
    String pom = Files.readString(Path.of("..", "pom.xml"));
    for (String option : Simd.JVM_OPTIONS) {
      assertTrue(launcher.contains(option), "tmr launcher lacks " + option);
      assertTrue(pom.contains(option), "root pom's surefire.argLine lacks " + option);
    }
    List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertTrue(
        arguments.containsAll(Simd.JVM_OPTIONS.subList(2, Simd.JVM_OPTIONS.size())),
        "this JVM's arguments " + arguments);
  }

  @Test
  void vectorExponentialIsBitIdenticalToTheScalarLoops() {
    assumeTrue(Simd.status().enabled(), "needs --add-modules " + Simd.MODULE);
    RandomStream random = new RandomStream(21);
    // Lengths around the vector width and the chunk sizes the layers use; values over the whole
    // clamped range and beyond it, signed zeros, infinities and NaN.
    int[] lengths = {1, 7, 15, 16, 17, 31, 33, 128, 130, 1024, 4099};
    float[] specials = {
      0f,
      -0f,
      Float.NaN,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      -87.3f,
      88.7f,
      -87.31f,
      88.71f,
      -1000f,
      1000f,
      Float.MIN_VALUE,
      -Float.MIN_VALUE
    };
    for (int n : lengths) {
      for (float shift : new float[] {0f, 3.25f, -41f}) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
          x[i] =
              i % 9 == 0
                  ? specials[(i / 9) % specials.length]
                  : (float) (random.nextDouble() * 200 - 100);
        }
        float[] vector = x.clone();
        float[] scalar = x.clone();
        FastMath.expShiftedInPlace(vector, n, shift, new float[n]);
        FastMath.expShiftedScalar(scalar, n, shift, new float[n]);
        for (int i = 0; i < n; i++) {
          assertEquals(
              Float.floatToRawIntBits(scalar[i]),
              Float.floatToRawIntBits(vector[i]),
              "n " + n + ", shift " + shift + ", x " + x[i] + " at " + i);
        }
      }
    }
  }

  @Test
  void vectorSumAndDotGiveTheLoopsBitsAndStayWithinRoundingOfTheExactValue() {
    assumeTrue(Simd.status().enabled(), "needs --add-modules " + Simd.MODULE);
    RandomStream random = new RandomStream(25);
    for (int n : new int[] {0, 1, 15, 16, 17, 31, 32, 33, 128, 256, 1000}) {
      float[] a = new float[n];
      float[] b = new float[n];
      double exactSum = 0;
      double exactDot = 0;
      double magnitude = 0;
      for (int i = 0; i < n; i++) {
        a[i] = (float) (random.nextGaussian() * (i % 5 == 0 ? 1000 : 1));
        b[i] = (float) random.nextGaussian();
        exactSum += a[i];
        exactDot += (double) a[i] * b[i];
        magnitude += Math.abs(a[i]) * (1 + Math.abs(b[i]));
      }
      float sum = FastMath.sum(a, n, true);
      float dot = FastMath.dot(a, b, n, true);
      assertEquals(
          Float.floatToRawIntBits(FastMath.sum(a, n, false)), Float.floatToRawIntBits(sum));
      assertEquals(
          Float.floatToRawIntBits(FastMath.dot(a, b, n, false)), Float.floatToRawIntBits(dot));
      assertEquals(exactSum, sum, 1e-6 * magnitude + 1e-30, "sum, n " + n);
      assertEquals(exactDot, dot, 1e-6 * magnitude + 1e-30, "dot, n " + n);
    }
    // -0 everywhere sums to +0 (the accumulators start at +0), on both paths.
    float[] zeros = new float[40];
    java.util.Arrays.fill(zeros, -0f);
    assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(FastMath.sum(zeros, 40)));
  }

  @Test
  void vectorGeluGivesTheScalarLoopsBitsAndIsNearTheExactFunction() {
    assumeTrue(Simd.status().enabled(), "needs --add-modules " + Simd.MODULE);
    RandomStream random = new RandomStream(24);
    float[] specials = {0f, -0f, 1e-31f, -1e-31f, 13.5f, -13.5f, 40f, -40f, Float.MIN_VALUE};
    for (int n : new int[] {1, 15, 16, 17, 33, 1024, 1031}) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) {
        x[i] =
            i % 7 == 0 ? specials[(i / 7) % specials.length] : (float) (random.nextGaussian() * 3);
      }
      float[] g = new float[n];
      float[] d = new float[n];
      FastMath.geluErf(x, g, d, new float[n], new float[n], n);
      // The scalar twin of the last pass, from the same t and exponentials.
      float[] t = new float[n];
      float[] e = new float[n];
      for (int i = 0; i < n; i++) {
        float z = Math.abs(x[i]) * FastMath.INV_SQRT2;
        t[i] = 1f / (1f + FastMath.GELU_P * z);
        e[i] = -z * z;
      }
      FastMath.expInPlace(e, n, new float[n]);
      float[] ds = new float[n];
      FastMath.geluErfFinish(x, t, e, ds, 0, n);
      for (int i = 0; i < n; i++) {
        String at = "n " + n + ", x " + x[i] + " at " + i;
        assertEquals(Float.floatToRawIntBits(t[i]), Float.floatToRawIntBits(g[i]), at);
        assertEquals(Float.floatToRawIntBits(ds[i]), Float.floatToRawIntBits(d[i]), at);
        double cdf = 0.5 * org.apache.commons.math3.special.Erf.erfc(-x[i] / Math.sqrt(2));
        double pdf = Math.exp(-0.5 * x[i] * x[i]) / Math.sqrt(2 * Math.PI);
        assertEquals(x[i] * cdf, g[i], 3e-7 * Math.max(1, Math.abs(x[i])), at);
        assertEquals(cdf + x[i] * pdf, d[i], 3e-7 * Math.max(1, x[i] * x[i]), at);
      }
    }
  }

  @Test
  void vectorMaximumIsTheSequentialMathMaxFold() {
    assumeTrue(Simd.status().enabled(), "needs --add-modules " + Simd.MODULE);
    RandomStream random = new RandomStream(22);
    float[][] specials = {
      {-0f, 0f}, {0f, -0f}, {Float.NaN}, {Float.NEGATIVE_INFINITY}, {Float.POSITIVE_INFINITY}, {}
    };
    for (int n : new int[] {0, 1, 15, 16, 17, 32, 127, 128, 8000}) {
      for (float[] planted : specials) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
          x[i] = (float) (random.nextDouble() * 20 - 30);
        }
        // The planted values at random places, the maximum of the rest being negative.
        for (int k = 0; k < planted.length && k < n; k++) {
          x[(int) (random.nextDouble() * n)] = planted[k];
        }
        float expected = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
          expected = Math.max(expected, x[i]);
        }
        assertEquals(
            Float.floatToIntBits(expected),
            Float.floatToIntBits(FastMath.max(x, n)),
            "n " + n + ": " + expected);
      }
    }
    // Signed zeros alone: +0 wins wherever it sits.
    float[] zeros = new float[40];
    java.util.Arrays.fill(zeros, -0f);
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(FastMath.max(zeros, 40)));
    zeros[37] = 0f;
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(FastMath.max(zeros, 40)));
  }

  @Test
  void bitsAsFloatsWritesEachBitAndNothingElse() {
    RandomStream random = new RandomStream(23);
    long[] words = {0L, -1L, 1L, Long.MIN_VALUE, 0x5555555555555555L, random.nextLong()};
    for (long word : words) {
      for (int count = 0; count <= 64; count++) {
        float[] out = new float[count + 5];
        java.util.Arrays.fill(out, 7f);
        FastMath.bitsAsFloats(word, out, 2, count);
        assertEquals(7f, out[0]);
        assertEquals(7f, out[1]);
        for (int e = 0; e < count; e++) {
          assertEquals((word >>> e & 1L) == 1L ? 1f : 0f, out[2 + e], "bit " + e + " of " + word);
        }
        for (int e = count + 2; e < out.length; e++) {
          assertEquals(7f, out[e], "written past count " + count);
        }
      }
    }
  }

  @Test
  void vectorKernelStopsAtTheLastWholeVector() {
    assumeTrue(Simd.status().enabled(), "needs --add-modules " + Simd.MODULE);
    int lanes = VectorKernels.floatLanes();
    float[] a = new float[2 * lanes + 3];
    float[] untouched = a.clone();
    java.util.Arrays.fill(untouched, 5f);
    java.util.Arrays.fill(a, 5f);
    assertEquals(2 * lanes, VectorKernels.expShifted(a, a.length, 0f));
    for (int i = 2 * lanes; i < a.length; i++) {
      assertEquals(untouched[i], a[i], "element " + i + " after the whole vectors");
    }
    assertEquals((float) Math.exp(5), a[0], 1e-5f * (float) Math.exp(5));
  }

  @Test
  void theOptionTurnsItOffAndRejectsOtherValues() {
    Simd.Status off = Simd.detect("off");
    assertFalse(off.enabled());
    assertEquals(0, off.floatLanes());
    assertTrue(off.why().contains("tmr.simd=off"), off.why());
    assertEquals(Simd.status().enabled(), Simd.detect(null).enabled());
    assertEquals(Simd.status().enabled(), Simd.detect(" AUTO ").enabled());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Simd.detect("fast"));
    assertTrue(e.getMessage().contains("tmr.simd=fast"), e.getMessage());
  }
}
