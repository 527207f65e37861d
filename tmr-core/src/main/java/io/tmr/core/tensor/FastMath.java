package io.tmr.core.tensor;

/**
 * Scalar functions for the float32 hot loops, where {@code Math.exp} (a call of ~20 ns on the
 * target machine, measured) would dominate softmax and the cross-entropy over a 30k vocabulary. The
 * float64 path (gradient checks) uses {@link Math#exp} instead.
 */
public final class FastMath {
  // The exponential's constants, shared with VectorKernels (which must compute the same bits).
  static final float LOG2E = 1.44269504088896341f;
  static final float LN2_HI = 0.693145751953125f;
  static final float LN2_LO = 1.428606765330187e-06f;
  static final float ROUND_MAGIC = 12582912f; // 1.5 * 2^23: adding it rounds to an integer
  static final float EXP_MIN_INPUT = -87.3f;
  static final float EXP_MAX_INPUT = 88.7f;
  // Cephes expf polynomial, highest degree first.
  static final float EXP_P0 = 1.9875691500e-4f;
  static final float EXP_P1 = 1.3981999507e-3f;
  static final float EXP_P2 = 8.3334519073e-3f;
  static final float EXP_P3 = 4.1665795894e-2f;
  static final float EXP_P4 = 1.6666665459e-1f;
  static final float EXP_P5 = 5.0000001201e-1f;

  /** Row b holds the 8 bits of byte value b as 0/1 floats (for {@link #bitsAsFloats}). */
  private static final float[] BYTE_BITS = new float[256 * 8];

  static {
    for (int b = 0; b < 256; b++) {
      for (int e = 0; e < 8; e++) {
        BYTE_BITS[b * 8 + e] = (b >>> e) & 1;
      }
    }
  }

  private FastMath() {}

  /**
   * {@code a[i] = e^a[i]} for i in [0, n), vectorised by C2: maximum relative error 1e-7 for inputs
   * in [-87.3, 88.7]; inputs are clamped to that range (so very negative inputs give about 1e-38,
   * not 0: callers that need exact zeros, like masked softmax, write them separately). {@code
   * scratch} must hold n floats.
   *
   * <p>Without the Vector API ({@link Simd}), two loops: the first is pure float arithmetic (range
   * reduction with the 1.5·2^23 rounding trick and the polynomial), which C2 (JDK 17) vectorises;
   * the second adds k to the exponent bits, which it does not (float-to-int bit moves), so it runs
   * one element at a time. Measured 0.7 ns per element against 3.4 ns for {@link #expf} in a scalar
   * loop (2026-11); on 2026-12-02's Intel Xeon, one thread, 1,024-element arrays: 0.58 + 0.35 ns
   * for the two loops, 0.43 ns for the Vector API kernel, whose results are the same bits. Since
   * 2026-12-03 the range reduction and the polynomial are fused multiply-adds ({@link Math#fma}
   * here, the same operations in the vector kernel): 0.73 ns for the two loops, 0.33 for the Vector
   * API kernel (another machine of the same kind, same sizes). (Indices start at 0 on purpose: with
   * an offset index into {@code scratch} the first loop was not vectorised, 5.7 instead of 0.6 ns
   * per element.)
   */
  public static void expInPlace(float[] a, int n, float[] scratch) {
    // x - 0f is x for every float (-0, infinities and NaN included): one kernel for both entries.
    expShiftedInPlace(a, n, 0f, scratch);
  }

  /**
   * {@code a[i] = e^(a[i] - shift)} for i in [0, n), the difference taken in float: the same values
   * as subtracting first and then calling {@link #expInPlace}, one pass fewer (softmax's max
   * subtraction).
   */
  public static void expShiftedInPlace(float[] a, int n, float shift, float[] scratch) {
    if (Simd.enabled()) {
      // Whole vectors through the Vector API, the few elements after them one by one: the same
      // operations as the two loops below, so the same bits (see Simd).
      for (int i = VectorKernels.expShifted(a, n, shift); i < n; i++) {
        a[i] = expClamped(a[i] - shift);
      }
      return;
    }
    expShiftedScalar(a, n, shift, scratch);
  }

  /** {@link #expShiftedInPlace} without the Vector API: two loops that C2 vectorises in part. */
  static void expShiftedScalar(float[] a, int n, float shift, float[] scratch) {
    reduceShiftedAndEvaluate(a, n, shift, scratch);
    scaleByPowersOfTwo(a, n, scratch);
  }

  private static void reduceShiftedAndEvaluate(float[] a, int n, float shift, float[] scratch) {
    for (int i = 0; i < n; i++) {
      float v = Math.max(EXP_MIN_INPUT, Math.min(EXP_MAX_INPUT, a[i] - shift));
      float t = Math.fma(v, LOG2E, ROUND_MAGIC);
      float kf = t - ROUND_MAGIC;
      float r = Math.fma(-kf, LN2_LO, Math.fma(-kf, LN2_HI, v));
      float p = Math.fma(r, EXP_P0, EXP_P1);
      p = Math.fma(p, r, EXP_P2);
      p = Math.fma(p, r, EXP_P3);
      p = Math.fma(p, r, EXP_P4);
      p = Math.fma(p, r, EXP_P5);
      a[i] = Math.fma(p, r * r, r) + 1f;
      scratch[i] = t;
    }
  }

  /** One element of {@link #expShiftedScalar}'s two loops (x already shifted). */
  private static float expClamped(float x) {
    float v = Math.max(EXP_MIN_INPUT, Math.min(EXP_MAX_INPUT, x));
    float t = Math.fma(v, LOG2E, ROUND_MAGIC);
    float kf = t - ROUND_MAGIC;
    float r = Math.fma(-kf, LN2_LO, Math.fma(-kf, LN2_HI, v));
    float e = expOfReduced(r);
    return Float.intBitsToFloat(Float.floatToRawIntBits(e) + (Float.floatToRawIntBits(t) << 23));
  }

  /**
   * e^r for |r| <= ln2/2 by the polynomial, for the one-element paths. The loop C2 vectorises
   * spells the polynomial out: calling this from it gave the same bits but 0.94 instead of 0.87 ns
   * per element (one thread, 1,024-element arrays, 2026-12-02).
   */
  private static float expOfReduced(float r) {
    float p = Math.fma(r, EXP_P0, EXP_P1);
    p = Math.fma(p, r, EXP_P2);
    p = Math.fma(p, r, EXP_P3);
    p = Math.fma(p, r, EXP_P4);
    p = Math.fma(p, r, EXP_P5);
    return Math.fma(p, r * r, r) + 1f;
  }

  // GELU, exact form: erf by Abramowitz & Stegun 7.1.26,
  // erf(z) = 1 - t (a1 + t (a2 + ...)) e^(-z^2), t = 1 / (1 + p z), |error| <= 1.5e-7:
  // the form PyTorch's vectorised float GELU uses.
  static final float GELU_P = 0.3275911f;
  static final float GELU_A1 = 0.254829592f;
  static final float GELU_A2 = -0.284496736f;
  static final float GELU_A3 = 1.421413741f;
  static final float GELU_A4 = -1.453152027f;
  static final float GELU_A5 = 1.061405429f;
  static final float INV_SQRT2 = (float) 0.7071067811865476;
  static final float INV_SQRT_2PI = (float) 0.3989422804014327;

  /**
   * The exact-form GELU {@code g[i] = x Phi(x)} and its derivative {@code d[i] = Phi(x) + x phi(x)}
   * for {@code x = x[i]}, i in [0, n): {@code Phi(x) = (1 + erf(x / sqrt 2)) / 2} with erf from
   * Abramowitz &amp; Stegun 7.1.26 (|error| 1.5e-7) and {@code e^(-x^2/2)} from {@link
   * #expInPlace}, shared by erf and the normal density; value and derivative within 3e-7 of the
   * exact function. Three passes over the arrays: t and the exponential's argument (a loop C2
   * vectorises; {@code e} receives the exponentials), the exponential, and the polynomial with the
   * sign of erf copied from x, through the Vector API where it is on ({@link Simd}; C2 does not
   * vectorise {@link Math#copySign}), with the same operations, so the same bits. {@code e} and
   * {@code scratch} must hold n floats.
   */
  public static void geluErf(float[] x, float[] g, float[] d, float[] e, float[] scratch, int n) {
    for (int i = 0; i < n; i++) {
      float z = Math.abs(x[i]) * INV_SQRT2;
      g[i] = 1f / (1f + GELU_P * z); // t, until the last pass overwrites it
      e[i] = -z * z;
    }
    expInPlace(e, n, scratch);
    geluErfFinish(x, g, e, d, Simd.enabled() ? VectorKernels.geluErfFinish(x, g, e, d, n) : 0, n);
  }

  /**
   * {@link #geluErf}'s last pass for elements [from, n): {@code g} holds t on entry, {@code e} the
   * exponentials.
   */
  static void geluErfFinish(float[] x, float[] g, float[] e, float[] d, int from, int n) {
    for (int i = from; i < n; i++) {
      float t = g[i];
      float poly =
          Math.fma(
                  Math.fma(Math.fma(Math.fma(GELU_A5, t, GELU_A4), t, GELU_A3), t, GELU_A2),
                  t,
                  GELU_A1)
              * t;
      float erfAbs = Math.fma(-poly, e[i], 1f);
      float xi = x[i];
      float cdf = Math.fma(0.5f, Math.copySign(erfAbs, xi), 0.5f);
      g[i] = xi * cdf;
      d[i] = Math.fma(xi * INV_SQRT_2PI, e[i], cdf);
    }
  }

  /**
   * The largest of {@code a[0..n)} ({@code -infinity} for n = 0), as a sequential {@link Math#max}
   * loop gives it. Max is exact and order-free, so any loop shape gives the same value. With the
   * Vector API ({@link Simd}) whole vectors are folded lane-wise: 0.13 instead of 0.95 ns per
   * element on attention's 128-element rows (2026-12-02, Intel Xeon with AVX-512, JDK 17), where C2
   * does not vectorise the plain loop.
   */
  public static float max(float[] a, int n) {
    int i = 0;
    float m = Float.NEGATIVE_INFINITY;
    if (Simd.enabled()) {
      m = VectorKernels.maxOfWholeVectors(a, n);
      i = n - n % VectorKernels.floatLanes();
    }
    for (; i < n; i++) {
      m = Math.max(m, a[i]);
    }
    return m;
  }

  /**
   * Writes bit e of {@code word} as 0f or 1f into {@code out[offset + e]} for e in [0, count),
   * count at most 64: a mask as factors, so that masked arithmetic runs as a branch-free loop.
   * Whole vectors through the Vector API ({@link Simd}), the rest eight bits at a time from a
   * table.
   */
  public static void bitsAsFloats(long word, float[] out, int offset, int count) {
    int e = Simd.enabled() ? VectorKernels.bitsAsFloats(word, out, offset, count) : 0;
    for (; e + 8 <= count; e += 8) {
      System.arraycopy(BYTE_BITS, ((int) (word >>> e) & 0xFF) << 3, out, offset + e, 8);
    }
    for (; e < count; e++) {
      out[offset + e] = (int) (word >>> e) & 1;
    }
  }

  // Separate small methods: C2 vectorised each loop reliably only when compiled on its own.
  private static void scaleByPowersOfTwo(float[] a, int n, float[] scratch) {
    for (int i = 0; i < n; i++) {
      // t's low mantissa bits hold k (t = 1.5 * 2^23 + k), so t << 23 adds k to p's exponent.
      a[i] =
          Float.intBitsToFloat(
              Float.floatToRawIntBits(a[i]) + (Float.floatToRawIntBits(scratch[i]) << 23));
    }
  }

  /**
   * {@code e^x} in float precision: maximum relative error 2.5e-7 (about 2 ulp) for x in [-87, 88],
   * 0 below, +infinity above. Range reduction {@code x = k ln2 + r} with a two-part ln2, then a
   * degree-6 Taylor-like polynomial (Cephes {@code expf} coefficients) on |r| <= ln2/2.
   */
  public static float expf(float x) {
    if (x < -87.3f) {
      return 0f;
    }
    if (x > 88.7f) {
      return Float.POSITIVE_INFINITY;
    }
    float kf = (x * LOG2E + ROUND_MAGIC) - ROUND_MAGIC;
    float r = x - kf * LN2_HI - kf * LN2_LO;
    float p = expOfReduced(r);
    return Float.intBitsToFloat(Float.floatToRawIntBits(p) + ((int) kf << 23));
  }

  /**
   * The number of interleaved accumulators of {@link #sum} and {@link #dot}: element i of every
   * whole group of 16 goes to accumulator i mod 16, the accumulators are then combined pairwise
   * ({@link #combine}) and the last n mod 16 elements added in order. One fixed summation order
   * wherever it is used, whatever the vector width: a vector of L lanes holds accumulators k L to k
   * L + L - 1 (L = 4, 8 or 16), so the Vector API kernels ({@link Simd}) give the same bits as the
   * loops here, which C2 vectorises too (the inner loop over the 16 accumulators). On attention's
   * 128-element rows: 6 instead of 36 ns per sum with the Vector API (four scalar accumulators
   * before, 2026-12-03).
   */
  static final int SUM_LANES = 16;

  /** Sum of {@code a[0..n)} in {@link #SUM_LANES} interleaved accumulators. */
  public static float sum(float[] a, int n) {
    return sum(a, n, Simd.enabled());
  }

  /** {@link #sum}, through the Vector API kernel only if {@code vector}. */
  static float sum(float[] a, int n, boolean vector) {
    float[] acc = accumulators();
    int whole = n - n % SUM_LANES;
    if (!(vector && VectorKernels.sumInto(a, whole, acc))) {
      for (int j = 0; j < whole; j += SUM_LANES) {
        for (int l = 0; l < SUM_LANES; l++) {
          acc[l] += a[j + l];
        }
      }
    }
    float s = combine(acc);
    for (int j = whole; j < n; j++) {
      s += a[j];
    }
    return s;
  }

  /** Dot product of {@code a[0..n)} and {@code b[0..n)} in the summation order of {@link #sum}. */
  public static float dot(float[] a, float[] b, int n) {
    return dot(a, b, n, Simd.enabled());
  }

  /** {@link #dot}, through the Vector API kernel only if {@code vector}. */
  static float dot(float[] a, float[] b, int n, boolean vector) {
    float[] acc = accumulators();
    int whole = n - n % SUM_LANES;
    if (!(vector && VectorKernels.dotInto(a, b, whole, acc))) {
      for (int j = 0; j < whole; j += SUM_LANES) {
        for (int l = 0; l < SUM_LANES; l++) {
          acc[l] += a[j + l] * b[j + l];
        }
      }
    }
    float s = combine(acc);
    for (int j = whole; j < n; j++) {
      s += a[j] * b[j];
    }
    return s;
  }

  /** This thread's {@link #SUM_LANES} accumulators, zeroed. */
  private static float[] accumulators() {
    float[] acc = ACCUMULATORS.floats(0, SUM_LANES);
    java.util.Arrays.fill(acc, 0, SUM_LANES, 0f);
    return acc;
  }

  private static final ScratchArrays ACCUMULATORS = new ScratchArrays(1);

  /**
   * The accumulators of {@link #sum} added pairwise: halves onto halves, 16 -> 8 -> 4 -> 2 -> 1.
   */
  private static float combine(float[] acc) {
    for (int w = SUM_LANES / 2; w > 0; w /= 2) {
      for (int l = 0; l < w; l++) {
        acc[l] += acc[l + w];
      }
    }
    return acc[0];
  }
}
