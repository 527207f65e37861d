package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.FastMath;
import io.tmr.core.tensor.KeepMaskBits;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Parallel;
import io.tmr.core.tensor.Profiler;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Inverted dropout at one site of the model, with its mask kept as bits for the backward pass.
 *
 * <p>The mask is a pure function of (seed, element index) ({@link KeepMaskBits}): the 64 elements
 * of word {@code w} use 15 bits each of 16 xorshift64 steps seeded by {@code RandomStream.mix(seed
 * + w * golden)}; an element is kept when its bits are at least {@code round(p * 32768)}. The drop
 * probability is therefore p rounded to a multiple of 2^-15 (0.1 becomes 0.100006) and kept
 * elements are scaled by the exact inverse keep probability, so the expectation is preserved
 * exactly. Being counter-based, masks are identical for any thread count. One bit per element (not
 * a float mask) keeps all masks of a 12-layer model at batch 32 x 128 in about 6 MB.
 */
public final class Dropout {
  private static final double LEVELS = KeepMaskBits.LEVELS;

  private final double probability;
  private final int threshold;
  private final double keepScale;
  private long[] bits = new long[0];
  private int length;
  private boolean active;

  public Dropout(double probability) {
    checkArgument(
        probability >= 0 && probability < 1, "dropout probability %s outside [0, 1)", probability);
    this.probability = probability;
    this.threshold = (int) Math.round(probability * LEVELS);
    this.keepScale = LEVELS / (LEVELS - threshold);
  }

  public double probability() {
    return probability;
  }

  /** Scale applied to kept elements: 1 / (1 - effective probability). */
  public double keepScale() {
    return keepScale;
  }

  /** Elements covered by the last {@link #sample}. */
  public int length() {
    return length;
  }

  /** Whether the last {@link #sample} produced a mask (training with p > 0). */
  public boolean isActive() {
    return active;
  }

  /**
   * Draws a mask of {@code n} elements for this forward pass, or marks the site inactive in
   * inference mode or when p = 0.
   */
  public void sample(Context context, int n) {
    active = context.isTraining() && threshold > 0;
    length = n;
    if (!active) {
      return;
    }
    long seed = context.nextDropoutSeed();
    long t0 = Profiler.start();
    int words = (n + 63) >>> 6;
    if (bits.length < words) {
      bits = new long[words];
    }
    long[] b = bits;
    Parallel.forChunks(
        words, 64, (chunk, start, end) -> KeepMaskBits.fill(seed, threshold, b, start, end));
    Profiler.end("dropout mask", t0);
  }

  /**
   * Applies the mask to {@code in}: into {@code scratch} when active, returning it; otherwise
   * returns {@code in} itself (no copy), for gradients that must stay intact for another path.
   */
  public Matrix applyTo(Matrix in, Matrix scratch) {
    if (!active) {
      checkState(in.size() == length, "mask covers %s elements, input has %s", length, in.size());
      return in;
    }
    apply(in, scratch);
    return scratch;
  }

  /**
   * {@code a = dropout(a) + residual} in place, the fused post-LN residual input (one pass instead
   * of two).
   */
  public void applyAndAddResidual(Matrix a, Matrix residual) {
    checkState(a.size() == length && residual.size() == length, "mask covers %s elements", length);
    long[] b = bits;
    boolean on = active;
    FloatBuffer af = a.floats();
    FloatBuffer rf = residual.floats();
    DoubleBuffer ad = a.doubles();
    DoubleBuffer rd = residual.doubles();
    float fs = (float) keepScale;
    double ds = keepScale;
    int n = length;
    Parallel.forChunks(
        (n + 63) >>> 6,
        64,
        (chunk, start, end) -> {
          float[] x = new float[64];
          float[] res = new float[64];
          float[] keep = new float[64];
          for (int w = start; w < end; w++) {
            long word = on ? b[w] : -1L;
            int base = w << 6;
            int limit = Math.min(64, n - base);
            if (af != null) {
              float scale = on ? fs : 1f;
              af.get(base, x, 0, limit);
              rf.get(base, res, 0, limit);
              FastMath.bitsAsFloats(word, keep, 0, limit);
              for (int e = 0; e < limit; e++) {
                x[e] = x[e] * keep[e] * scale + res[e];
              }
              af.put(base, x, 0, limit);
            } else {
              double scale = on ? ds : 1.0;
              for (int e = 0; e < limit; e++) {
                int i = base + e;
                double kept = ((word >>> e) & 1L) != 0 ? ad.get(i) * scale : 0.0;
                ad.put(i, kept + rd.get(i));
              }
            }
          }
        });
  }

  /**
   * Writes the keep flags of elements {@code base .. base + n - 1} as 0/1 floats into {@code
   * out[0..n)}, for rows that do not start or end on a 64-element word boundary: the bits of each
   * word the range touches at once instead of one bit test per element, so that the masked
   * arithmetic stays a branch-free loop.
   */
  public void keepFlags(int base, int n, float[] out) {
    int j = 0;
    while (j < n) {
      int i = base + j;
      int bit = i & 63;
      int take = Math.min(64 - bit, n - j);
      FastMath.bitsAsFloats(word(i >>> 6) >>> bit, out, j, take);
      j += take;
    }
  }

  /**
   * The mask word covering elements {@code 64 w .. 64 w + 63} (bit e = element 64 w + e kept); all
   * ones when inactive. For kernels that fuse the mask into another pass.
   */
  public long word(int w) {
    return active ? bits[w] : -1L;
  }

  /** Whether element {@code i} is kept by the current mask (always true when inactive). */
  public boolean keeps(int i) {
    return !active || (bits[i >>> 6] & (1L << (i & 63))) != 0;
  }

  /**
   * {@code out[i] = keep(i) ? in[i] * scale : 0} for the first n elements (the size given to {@link
   * #sample}); {@code in} and {@code out} may be the same matrix. Used both forward and backward
   * (the gradient of inverted dropout is the same masked scaling).
   */
  public void apply(Matrix in, Matrix out) {
    checkState(in.size() == length, "mask covers %s elements, input has %s", length, in.size());
    if (!active) {
      if (in != out) {
        out.copyFrom(in);
      }
      return;
    }
    if (in != out) {
      out.resize(in.rows(), in.cols());
    }
    long[] b = bits;
    FloatBuffer fi = in.floats();
    FloatBuffer fo = out.floats();
    DoubleBuffer di = in.doubles();
    DoubleBuffer dout = out.doubles();
    float fs = (float) keepScale;
    double ds = keepScale;
    int words = (length + 63) >>> 6;
    int n = length;
    Parallel.forChunks(
        words,
        64,
        (chunk, start, end) -> {
          float[] buf = new float[64];
          float[] keep = new float[64];
          for (int w = start; w < end; w++) {
            long word = b[w];
            int base = w << 6;
            int limit = Math.min(64, n - base);
            if (fi != null) {
              fi.get(base, buf, 0, limit);
              FastMath.bitsAsFloats(word, keep, 0, limit);
              for (int e = 0; e < limit; e++) {
                buf[e] = buf[e] * keep[e] * fs;
              }
              fo.put(base, buf, 0, limit);
            } else {
              for (int e = 0; e < limit; e++) {
                dout.put(base + e, ((word >>> e) & 1L) != 0 ? di.get(base + e) * ds : 0.0);
              }
            }
          }
        });
  }
}
