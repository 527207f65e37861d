package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.Parallel;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.apache.commons.math3.special.Erf;

/**
 * The GELU activation, {@code x * Phi(x)}, in two forms.
 *
 * <ul>
 *   <li>{@link #ERF} (default): the exact form with the normal CDF via erf. BERT's and ELECTRA's
 *       reference code and the MiniLM ONNX graph use it, so importing their weights reproduces
 *       their activations only with this form.
 *   <li>{@link #TANH}: the approximation {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}
 *       (GPT-2, {@code gelu_new}); offered for models trained with it.
 * </ul>
 *
 * <p>The forward pass also produces the derivative at each input, so backward is one multiply and
 * needs neither the pre-activation nor a transcendental function. Float32 evaluates both from a
 * table of the exact function (step 1/2048 on [-8, 8], linear interpolation, error below 1e-7
 * absolute; beyond the range GELU is x or 0 to within 1e-14); float64 (gradient checks) evaluates
 * the formulas directly with Commons Math's erf to full double precision.
 */
public enum Gelu {
  ERF,
  TANH;

  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;
  private static final double SQRT_2_OVER_PI = 0.7978845608028654;
  private static final double TANH_CUBIC = 0.044715;
  private static final float TABLE_MIN = -8f;
  private static final float TABLE_MAX = 8f;
  private static final int STEPS_PER_UNIT = 2048;
  private static final int TABLE_POINTS = (int) ((TABLE_MAX - TABLE_MIN) * STEPS_PER_UNIT) + 1;

  /** Interleaved (value, derivative) at x = TABLE_MIN + i / STEPS_PER_UNIT; built on first use. */
  private volatile float[] table;

  /** GELU at x in double precision. */
  public double value(double x) {
    if (this == ERF) {
      return x * 0.5 * Erf.erfc(-x * INV_SQRT2);
    }
    return 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + TANH_CUBIC * x * x * x)));
  }

  /** d GELU / dx at x in double precision. */
  public double derivative(double x) {
    if (this == ERF) {
      double cdf = 0.5 * Erf.erfc(-x * INV_SQRT2);
      double pdf = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
      return cdf + x * pdf;
    }
    double u = SQRT_2_OVER_PI * (x + TANH_CUBIC * x * x * x);
    double t = Math.tanh(u);
    double du = SQRT_2_OVER_PI * (1.0 + 3.0 * TANH_CUBIC * x * x);
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du;
  }

  private float[] table() {
    float[] t = table;
    if (t == null) {
      t = new float[2 * TABLE_POINTS];
      for (int i = 0; i < TABLE_POINTS; i++) {
        double x = TABLE_MIN + (double) i / STEPS_PER_UNIT;
        t[2 * i] = (float) value(x);
        t[2 * i + 1] = (float) derivative(x);
      }
      table = t;
    }
    return t;
  }

  /**
   * {@code out = gelu(in)} and {@code derivative = gelu'(in)} over in's logical size. {@code
   * derivative} may be the same matrix as {@code in} (the pre-activation is not needed afterwards);
   * {@code out} must be distinct from both.
   */
  public void forward(Matrix in, Matrix out, Matrix derivative) {
    checkArgument(out != in && out != derivative, "out must not alias the input or derivative");
    long t0 = Profiler.start();
    out.resize(in.rows(), in.cols());
    if (derivative != in) {
      derivative.resize(in.rows(), in.cols());
    }
    FloatBuffer fi = in.floats();
    if (fi != null) {
      FloatBuffer fo = out.floats();
      FloatBuffer fd = derivative.floats();
      float[] t = table();
      Parallel.forChunks(in.size(), 8, (chunk, start, end) -> forwardFloat(t, fi, fo, fd, start, end));
    } else {
      DoubleBuffer di = in.doubles();
      DoubleBuffer dout = out.doubles();
      DoubleBuffer dd = derivative.doubles();
      Parallel.forChunks(
          in.size(),
          64,
          (chunk, start, end) -> {
            for (int i = start; i < end; i++) {
              double x = di.get(i);
              dout.put(i, value(x));
              dd.put(i, derivative(x));
            }
          });
    }
    Profiler.end("gelu", t0);
  }

  private static final int CHUNK = 1024;
  private static final float STEP = 1f / STEPS_PER_UNIT;

  /**
   * Float32 kernel on chunks copied to heap arrays (bulk NIO copies are memcpy-speed; per-element
   * NIO access is not). The table index comes from float arithmetic and may be off by one; the
   * interpolation offset is then computed exactly as {@code x - x_k} (both floats within 1/2048 of
   * each other, so the subtraction is exact), which keeps the full table accuracy.
   */
  private static void forwardFloat(
      float[] t, FloatBuffer in, FloatBuffer out, FloatBuffer deriv, int start, int end) {
    float[] x = new float[CHUNK];
    float[] g = new float[CHUNK];
    float[] d = new float[CHUNK];
    for (int s = start; s < end; s += CHUNK) {
      int len = Math.min(CHUNK, end - s);
      in.get(s, x, 0, len);
      for (int i = 0; i < len; i++) {
        float xi = x[i];
        float xc = Math.max(TABLE_MIN, Math.min(TABLE_MAX, xi));
        int k = Math.min(TABLE_POINTS - 2, (int) ((xc - TABLE_MIN) * STEPS_PER_UNIT));
        float f = (xc - (TABLE_MIN + k * STEP)) * STEPS_PER_UNIT;
        int j = k << 1;
        float g0 = t[j];
        float d0 = t[j + 1];
        float gi = g0 + f * (t[j + 2] - g0);
        float di = d0 + f * (t[j + 3] - d0);
        if (xi >= TABLE_MAX) {
          gi = xi;
          di = 1f;
        } else if (xi <= TABLE_MIN) {
          gi = 0f;
          di = 0f;
        }
        g[i] = gi;
        d[i] = di;
      }
      out.put(s, g, 0, len);
      deriv.put(s, d, 0, len);
    }
  }

  /** {@code grad *= derivative} in place: the GELU backward given the stored derivative. */
  public static void backwardInPlace(Matrix grad, Matrix derivative) {
    checkArgument(grad.size() == derivative.size(), "sizes differ: %s vs %s", grad, derivative);
    long t0 = Profiler.start();
    FloatBuffer gf = grad.floats();
    FloatBuffer df = derivative.floats();
    DoubleBuffer gd = grad.doubles();
    DoubleBuffer dd = derivative.doubles();
    Parallel.forChunks(
        grad.size(),
        1,
        (chunk, start, end) -> {
          if (gf != null) {
            for (int i = start; i < end; i++) {
              gf.put(i, gf.get(i) * df.get(i));
            }
          } else {
            for (int i = start; i < end; i++) {
              gd.put(i, gd.get(i) * dd.get(i));
            }
          }
        });
    Profiler.end("gelu backward", t0);
  }
}
