package io.tmr.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 kernels written with the incubating Vector API: the only class that refers to {@code
 * jdk.incubator.vector}, loaded only when {@link Simd} found the module (otherwise no code path
 * reaches it). Each float kernel performs exactly the IEEE operations of its scalar twin in {@link
 * FastMath}, element by element (no fused multiply-add, no reassociation), so the two give the same
 * bits; the maximum folds lanes in another order, which max (exact, order-free) allows; the bit
 * expansion is integer work. Every operation used here must compile to vector code in JDK 17, or it
 * boxes a vector per call ({@link Simd}).
 */
final class VectorKernels {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  /** Ints of the floats' lane count (both preferred species fill the same register width). */
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

  /** The bits of 1f. */
  private static final int ONE_BITS = Float.floatToRawIntBits(1f);

  /** 0, 1, 2, ... per lane: the shift that brings each lane's bit down to bit 0. */
  private static final IntVector LANE_INDEX = IntVector.zero(INTS).addIndex(1);

  private VectorKernels() {}

  static int floatLanes() {
    return FLOATS.length();
  }

  /**
   * {@code a[i] = e^(a[i] - shift)} for i in [0, m), m the largest multiple of the vector width not
   * above n, as {@link FastMath#expShiftedInPlace}'s two loops compute it; returns m (the caller
   * does the rest).
   */
  static int expShifted(float[] a, int n, float shift) {
    int i = 0;
    int whole = FLOATS.loopBound(n);
    for (; i < whole; i += FLOATS.length()) {
      FloatVector v =
          FloatVector.fromArray(FLOATS, a, i)
              .sub(shift)
              .min(FastMath.EXP_MAX_INPUT)
              .max(FastMath.EXP_MIN_INPUT);
      FloatVector t = v.mul(FastMath.LOG2E).add(FastMath.ROUND_MAGIC);
      FloatVector kf = t.sub(FastMath.ROUND_MAGIC);
      FloatVector r = v.sub(kf.mul(FastMath.LN2_HI)).sub(kf.mul(FastMath.LN2_LO));
      FloatVector p = r.mul(FastMath.EXP_P0).add(FastMath.EXP_P1);
      p = p.mul(r).add(FastMath.EXP_P2);
      p = p.mul(r).add(FastMath.EXP_P3);
      p = p.mul(r).add(FastMath.EXP_P4);
      p = p.mul(r).add(FastMath.EXP_P5);
      FloatVector e = p.mul(r).mul(r).add(r).add(1f);
      // t's low mantissa bits hold k (t = 1.5 * 2^23 + k), so t << 23 adds k to e's exponent.
      e.reinterpretAsInts()
          .add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23))
          .reinterpretAsFloats()
          .intoArray(a, i);
    }
    return i;
  }

  /**
   * The largest of {@code a[0..m)}, m the largest multiple of the vector width not above n, as
   * {@link Math#max} folds it ({@code -infinity} when m = 0); returns it and leaves the rest to the
   * caller. Max is exact and order-free (NaN wins, +0 over -0), so lane-wise maxima give the
   * sequential loop's value.
   */
  static float maxOfWholeVectors(float[] a, int n) {
    int whole = FLOATS.loopBound(n);
    if (whole == 0) {
      return Float.NEGATIVE_INFINITY;
    }
    FloatVector m = FloatVector.fromArray(FLOATS, a, 0);
    for (int i = FLOATS.length(); i < whole; i += FLOATS.length()) {
      m = m.max(FloatVector.fromArray(FLOATS, a, i));
    }
    return m.reduceLanes(VectorOperators.MAX);
  }

  /**
   * {@code out[offset + e] = bit e of word} as 0f or 1f for e in [0, m), m the largest multiple of
   * the vector width not above {@code count} (at most 64); returns m. Each lane's bit, negated,
   * masks the bits of 1f, which are reinterpreted as floats. Two conversions that this replaces
   * were not compiled to vector code in JDK 17 and allocated in every call, which also kept C2 from
   * compiling {@link #expShifted}'s reinterpretations (1.5 GB of garbage in a 13-step run at shape
   * A, 2026-12-02): {@code VectorMask.fromLong} (1.1 ns per element) and the int-to-float {@code
   * convert}.
   */
  static int bitsAsFloats(long word, float[] out, int offset, int count) {
    int lanes = FLOATS.length();
    int e = 0;
    for (; e + lanes <= count; e += lanes) {
      IntVector.broadcast(INTS, (int) (word >>> e))
          .lanewise(VectorOperators.LSHR, LANE_INDEX)
          .and(1)
          .neg()
          .and(ONE_BITS)
          .reinterpretAsFloats()
          .intoArray(out, offset + e);
    }
    return e;
  }
}
