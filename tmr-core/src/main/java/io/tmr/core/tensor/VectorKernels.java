package io.tmr.core.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float32 kernels written with the incubating Vector API: the only class that refers to {@code
 * jdk.incubator.vector}, loaded only when {@link Simd} found the module (otherwise no code path
 * reaches it). Each float kernel performs exactly the IEEE operations of its scalar twin in {@link
 * FastMath} or {@link SmallGemm}, element by element (fused multiply-adds only where the twin uses
 * {@link Math#fma}, no reassociation), so the two give the same bits; the maximum folds lanes in
 * another order, which max (exact, order-free) allows; the bit expansion is integer work. Every
 * operation used here must compile to vector code in JDK 17, or it boxes a vector per call ({@link
 * Simd}).
 */
final class VectorKernels {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

  /** Ints of the floats' lane count (both preferred species fill the same register width). */
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;

  /** The bits of 1f. */
  private static final int ONE_BITS = Float.floatToRawIntBits(1f);

  /** 0, 1, 2, ... per lane: the shift that brings each lane's bit down to bit 0. */
  private static final IntVector LANE_INDEX = IntVector.zero(INTS).addIndex(1);

  /** Calls of each kernel on tiny arrays by {@link #warmUp}. */
  static final int WARM_UP_CALLS = 2000;

  private VectorKernels() {}

  /**
   * Runs every kernel on small arrays, so that C2 has compiled them before the first real work:
   * until a kernel is compiled, each of its vector operations allocates an object, and in the first
   * step that was a burst of 100-200 MB of garbage at shape A, on which G1 grew the heap for good
   * (2026-12-03). The sizes make every loop of every kernel go round several times: a loop whose
   * back branch C2 never saw taken is compiled with a trap there, and real sizes then sent the
   * kernel back to the interpreter, garbage and all (warm-up rows of 32 floats: peak RSS 0.76 GB at
   * A against 0.47). Small products, since each interpreted call allocates per step of its sum.
   * Results are discarded.
   */
  static void warmUp() {
    int lanes = FLOATS.length();
    int rows = 2 * SmallGemm.TILE_ROWS;
    int n = 10 * lanes; // two tiles of 4 vectors and two of 1 per row block
    int depth = 8;
    float[] row = new float[128];
    float[] sums = new float[FastMath.SUM_LANES];
    float[] a = new float[rows * depth]; // [rows, depth], or transposed [depth, rows]
    float[] b = new float[depth * n];
    float[] c = new float[rows * n];
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      expShifted(row, row.length, 1f);
      maxOfWholeVectors(row, row.length);
      sumInto(row, row.length, sums);
      dotInto(row, row, row.length, sums);
      bitsAsFloats(i, row, 0, 64);
      geluErfFinish(row, row, row, row, row.length);
      boolean transA = (i & 1) == 0;
      multiplyTiles(transA, rows, n, depth, 1f, a, 0, transA ? rows : depth, b, 0, n, c, 0, n);
    }
  }

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
    FloatVector ln2Hi = FloatVector.broadcast(FLOATS, FastMath.LN2_HI);
    FloatVector ln2Lo = FloatVector.broadcast(FLOATS, FastMath.LN2_LO);
    FloatVector p2 = FloatVector.broadcast(FLOATS, FastMath.EXP_P2);
    FloatVector p3 = FloatVector.broadcast(FLOATS, FastMath.EXP_P3);
    FloatVector p4 = FloatVector.broadcast(FLOATS, FastMath.EXP_P4);
    FloatVector p5 = FloatVector.broadcast(FLOATS, FastMath.EXP_P5);
    for (; i < whole; i += FLOATS.length()) {
      FloatVector v =
          FloatVector.fromArray(FLOATS, a, i)
              .sub(shift)
              .min(FastMath.EXP_MAX_INPUT)
              .max(FastMath.EXP_MIN_INPUT);
      FloatVector t = v.fma(FastMath.LOG2E, FastMath.ROUND_MAGIC);
      FloatVector kf = t.sub(FastMath.ROUND_MAGIC);
      FloatVector minusKf = kf.neg();
      FloatVector r = minusKf.fma(ln2Hi, v);
      r = minusKf.fma(ln2Lo, r);
      FloatVector p = r.fma(FastMath.EXP_P0, FastMath.EXP_P1);
      p = p.fma(r, p2);
      p = p.fma(r, p3);
      p = p.fma(r, p4);
      p = p.fma(r, p5);
      FloatVector e = p.fma(r.mul(r), r).add(1f);
      // t's low mantissa bits hold k (t = 1.5 * 2^23 + k), so t << 23 adds k to e's exponent.
      e.reinterpretAsInts()
          .add(t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23))
          .reinterpretAsFloats()
          .intoArray(a, i);
    }
    return i;
  }

  /**
   * {@link FastMath#sum}'s accumulators over {@code a[0..whole)} (whole a multiple of {@link
   * FastMath#SUM_LANES}) written into {@code acc}; false (nothing done) when the vector width does
   * not divide {@link FastMath#SUM_LANES}.
   */
  static boolean sumInto(float[] a, int whole, float[] acc) {
    int lanes = FLOATS.length();
    if (FastMath.SUM_LANES % lanes != 0) {
      return false;
    }
    for (int k = 0; k < FastMath.SUM_LANES; k += lanes) {
      FloatVector s = FloatVector.zero(FLOATS);
      for (int j = k; j < whole; j += FastMath.SUM_LANES) {
        s = s.add(FloatVector.fromArray(FLOATS, a, j));
      }
      s.intoArray(acc, k);
    }
    return true;
  }

  /**
   * {@link #sumInto} for {@link FastMath#dot}: products {@code a[j] * b[j]} rounded, then added.
   */
  static boolean dotInto(float[] a, float[] b, int whole, float[] acc) {
    int lanes = FLOATS.length();
    if (FastMath.SUM_LANES % lanes != 0) {
      return false;
    }
    for (int k = 0; k < FastMath.SUM_LANES; k += lanes) {
      FloatVector s = FloatVector.zero(FLOATS);
      for (int j = k; j < whole; j += FastMath.SUM_LANES) {
        s = s.add(FloatVector.fromArray(FLOATS, a, j).mul(FloatVector.fromArray(FLOATS, b, j)));
      }
      s.intoArray(acc, k);
    }
    return true;
  }

  /**
   * {@link FastMath#geluErfFinish} over elements [0, m), m the largest multiple of the vector width
   * not above n, with its operations (the sign copied by bit operations); returns m.
   */
  static int geluErfFinish(float[] x, float[] g, float[] e, float[] d, int n) {
    int i = 0;
    int whole = FLOATS.loopBound(n);
    FloatVector a4 = FloatVector.broadcast(FLOATS, FastMath.GELU_A4);
    FloatVector a3 = FloatVector.broadcast(FLOATS, FastMath.GELU_A3);
    FloatVector a2 = FloatVector.broadcast(FLOATS, FastMath.GELU_A2);
    FloatVector a1 = FloatVector.broadcast(FLOATS, FastMath.GELU_A1);
    FloatVector one = FloatVector.broadcast(FLOATS, 1f);
    for (; i < whole; i += FLOATS.length()) {
      FloatVector t = FloatVector.fromArray(FLOATS, g, i);
      FloatVector ev = FloatVector.fromArray(FLOATS, e, i);
      FloatVector xv = FloatVector.fromArray(FLOATS, x, i);
      FloatVector poly = t.fma(FastMath.GELU_A5, FastMath.GELU_A4);
      poly = poly.fma(t, a3);
      poly = poly.fma(t, a2);
      poly = poly.fma(t, a1);
      poly = poly.mul(t);
      FloatVector erfAbs = poly.neg().fma(ev, one);
      // copySign(erfAbs, x): erfAbs's magnitude bits with x's sign bit.
      FloatVector signed =
          erfAbs
              .reinterpretAsInts()
              .and(Integer.MAX_VALUE)
              .or(xv.reinterpretAsInts().and(Integer.MIN_VALUE))
              .reinterpretAsFloats();
      FloatVector cdf = signed.fma(0.5f, 0.5f);
      xv.mul(cdf).intoArray(g, i);
      xv.mul(FastMath.INV_SQRT_2PI).fma(ev, cdf).intoArray(d, i);
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

  /**
   * {@link SmallGemm#multiply}'s register tiles: rows [0, m) (a multiple of {@link
   * SmallGemm#TILE_ROWS}) by the columns [0, w), w the largest multiple of the vector width not
   * above n, in tiles of 4 rows by 4 vectors and then 4 rows by 1 vector; returns w (the caller
   * computes the rest). Each lane's accumulator runs the scalar loop's chain of fused multiply-adds
   * over p in order, and is scaled by alpha once at the end.
   */
  static int multiplyTiles(
      boolean transA,
      int m,
      int n,
      int k,
      float alpha,
      float[] a,
      int aOff,
      int lda,
      float[] b,
      int bOff,
      int ldb,
      float[] c,
      int cOff,
      int ldc) {
    int lanes = FLOATS.length();
    int whole = FLOATS.loopBound(n);
    int wide = whole - whole % (4 * lanes);
    // A(i + r, p) = a[aRow(i) + r * rowStep + p * pStep]
    int rowStep = transA ? 1 : lda;
    int pStep = transA ? lda : 1;
    for (int i = 0; i < m; i += 4) {
      int a0 = aOff + i * rowStep;
      for (int j = 0; j < wide; j += 4 * lanes) {
        tile4x4(k, alpha, a, a0, rowStep, pStep, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
      }
      for (int j = wide; j < whole; j += lanes) {
        tile4x1(k, alpha, a, a0, rowStep, pStep, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc);
      }
    }
    return whole;
  }

  private static void tile4x4(
      int k,
      float alpha,
      float[] a,
      int a0,
      int rowStep,
      int pStep,
      float[] b,
      int b0,
      int ldb,
      float[] c,
      int c0,
      int ldc) {
    int l = FLOATS.length();
    FloatVector c00 = FloatVector.zero(FLOATS);
    FloatVector c01 = c00;
    FloatVector c02 = c00;
    FloatVector c03 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c12 = c00;
    FloatVector c13 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c22 = c00;
    FloatVector c23 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    FloatVector c32 = c00;
    FloatVector c33 = c00;
    for (int p = 0; p < k; p++) {
      int bo = b0 + p * ldb;
      FloatVector b0v = FloatVector.fromArray(FLOATS, b, bo);
      FloatVector b1v = FloatVector.fromArray(FLOATS, b, bo + l);
      FloatVector b2v = FloatVector.fromArray(FLOATS, b, bo + 2 * l);
      FloatVector b3v = FloatVector.fromArray(FLOATS, b, bo + 3 * l);
      int ap = a0 + p * pStep;
      FloatVector x = FloatVector.broadcast(FLOATS, a[ap]);
      c00 = b0v.fma(x, c00);
      c01 = b1v.fma(x, c01);
      c02 = b2v.fma(x, c02);
      c03 = b3v.fma(x, c03);
      x = FloatVector.broadcast(FLOATS, a[ap + rowStep]);
      c10 = b0v.fma(x, c10);
      c11 = b1v.fma(x, c11);
      c12 = b2v.fma(x, c12);
      c13 = b3v.fma(x, c13);
      x = FloatVector.broadcast(FLOATS, a[ap + 2 * rowStep]);
      c20 = b0v.fma(x, c20);
      c21 = b1v.fma(x, c21);
      c22 = b2v.fma(x, c22);
      c23 = b3v.fma(x, c23);
      x = FloatVector.broadcast(FLOATS, a[ap + 3 * rowStep]);
      c30 = b0v.fma(x, c30);
      c31 = b1v.fma(x, c31);
      c32 = b2v.fma(x, c32);
      c33 = b3v.fma(x, c33);
    }
    int co = c0;
    c00.mul(alpha).intoArray(c, co);
    c01.mul(alpha).intoArray(c, co + l);
    c02.mul(alpha).intoArray(c, co + 2 * l);
    c03.mul(alpha).intoArray(c, co + 3 * l);
    co += ldc;
    c10.mul(alpha).intoArray(c, co);
    c11.mul(alpha).intoArray(c, co + l);
    c12.mul(alpha).intoArray(c, co + 2 * l);
    c13.mul(alpha).intoArray(c, co + 3 * l);
    co += ldc;
    c20.mul(alpha).intoArray(c, co);
    c21.mul(alpha).intoArray(c, co + l);
    c22.mul(alpha).intoArray(c, co + 2 * l);
    c23.mul(alpha).intoArray(c, co + 3 * l);
    co += ldc;
    c30.mul(alpha).intoArray(c, co);
    c31.mul(alpha).intoArray(c, co + l);
    c32.mul(alpha).intoArray(c, co + 2 * l);
    c33.mul(alpha).intoArray(c, co + 3 * l);
  }

  private static void tile4x1(
      int k,
      float alpha,
      float[] a,
      int a0,
      int rowStep,
      int pStep,
      float[] b,
      int b0,
      int ldb,
      float[] c,
      int c0,
      int ldc) {
    FloatVector c0v = FloatVector.zero(FLOATS);
    FloatVector c1v = c0v;
    FloatVector c2v = c0v;
    FloatVector c3v = c0v;
    for (int p = 0; p < k; p++) {
      FloatVector bv = FloatVector.fromArray(FLOATS, b, b0 + p * ldb);
      int ap = a0 + p * pStep;
      c0v = bv.fma(FloatVector.broadcast(FLOATS, a[ap]), c0v);
      c1v = bv.fma(FloatVector.broadcast(FLOATS, a[ap + rowStep]), c1v);
      c2v = bv.fma(FloatVector.broadcast(FLOATS, a[ap + 2 * rowStep]), c2v);
      c3v = bv.fma(FloatVector.broadcast(FLOATS, a[ap + 3 * rowStep]), c3v);
    }
    c0v.mul(alpha).intoArray(c, c0);
    c1v.mul(alpha).intoArray(c, c0 + ldc);
    c2v.mul(alpha).intoArray(c, c0 + 2 * ldc);
    c3v.mul(alpha).intoArray(c, c0 + 3 * ldc);
  }
}
