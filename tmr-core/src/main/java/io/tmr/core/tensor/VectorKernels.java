package io.tmr.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 kernels written with the incubating Vector API: the only class that refers to {@code
 * jdk.incubator.vector}, loaded only when {@link Simd} found the module (otherwise no code path
 * reaches it). Each kernel performs exactly the IEEE operations of its scalar twin in {@link
 * FastMath}, element by element (no fused multiply-add, no reassociation), so the two give the same
 * bits.
 */
final class VectorKernels {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  /** Ints of the floats' lane count (both preferred species fill the same register width). */
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

  private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;

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
   * the vector width not above {@code count} (at most 64); returns m. Shifts and an int-to-float
   * conversion per vector: {@code VectorMask.fromLong} is not compiled to vector code in JDK 17
   * (1.1 ns per element against 0.05 for this, 2026-12-02).
   */
  static int bitsAsFloats(long word, float[] out, int offset, int count) {
    int lanes = FLOATS.length();
    int e = 0;
    for (; e + lanes <= count; e += lanes) {
      ((FloatVector)
              IntVector.broadcast(INTS, (int) (word >>> e))
                  .lanewise(VectorOperators.LSHR, LANE_INDEX)
                  .and(1)
                  .convert(VectorOperators.I2F, 0))
          .intoArray(out, offset + e);
    }
    return e;
  }

  /**
   * {@link KeepMaskBits#fill}'s words {@code from .. m - 1}, m the largest index such that the
   * words from {@code from} fill whole vectors; returns m. The start states are hashed one by one,
   * the 16 xorshift steps and the lane comparisons run on a vector of words: the same integer
   * operations as the scalar loop, so the same bits.
   */
  static int keepMaskWords(long seed, long thresholds, long[] out, int from, int to) {
    int lanes = LONGS.length();
    long[] states = new long[lanes];
    int w = from;
    for (; w + lanes <= to; w += lanes) {
      for (int l = 0; l < lanes; l++) {
        states[l] = KeepMaskBits.state(seed, w + l);
      }
      LongVector r = LongVector.fromArray(LONGS, states, 0);
      LongVector word = LongVector.zero(LONGS);
      for (int q = 0; q < 16; q++) {
        r = r.lanewise(VectorOperators.XOR, r.lanewise(VectorOperators.LSHL, 13));
        r = r.lanewise(VectorOperators.XOR, r.lanewise(VectorOperators.LSHR, 7));
        r = r.lanewise(VectorOperators.XOR, r.lanewise(VectorOperators.LSHL, 17));
        LongVector keep =
            r.lanewise(VectorOperators.LSHR, 1)
                .and(KeepMaskBits.LANE_VALUES)
                .or(KeepMaskBits.LANE_TOPS)
                .sub(thresholds)
                .and(KeepMaskBits.LANE_TOPS);
        LongVector four =
            keep.lanewise(VectorOperators.LSHR, 15)
                .and(1L)
                .or(keep.lanewise(VectorOperators.LSHR, 30).and(2L))
                .or(keep.lanewise(VectorOperators.LSHR, 45).and(4L))
                .or(keep.lanewise(VectorOperators.LSHR, 60).and(8L));
        word = word.or(four.lanewise(VectorOperators.LSHL, q << 2));
      }
      word.intoArray(out, w);
    }
    return w;
  }
}
