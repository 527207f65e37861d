package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.core.tensor.FastMath;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Parallel;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.ScratchArrays;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
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
 * needs neither the pre-activation nor a transcendental function. Float32 evaluates the exact form
 * with {@link FastMath#geluErf} (erf by Abramowitz &amp; Stegun 7.1.26, |error| 1.5e-7, as
 * PyTorch's vectorised float GELU) and the tanh form with {@link FastMath#expInPlace} in loops C2
 * vectorises: value and derivative within 3e-7 of the exact function. Float64 (gradient checks)
 * evaluates the formulas with Commons Math's erfc to full double precision.
 */
public enum Gelu {
  ERF,
  TANH;

  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final double INV_SQRT_2PI = 0.3989422804014327;
  private static final double SQRT_2_OVER_PI = 0.7978845608028654;
  private static final double TANH_CUBIC = 0.044715;
  private static final int CHUNK = 1024;

  /** The float32 kernels' working arrays, reused on each thread. */
  private static final ScratchArrays SCRATCH = new ScratchArrays(5);

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
      Parallel.forChunks(in.size(), 8, (chunk, start, end) -> forwardFloat(fi, fo, fd, start, end));
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

  /**
   * Float32 kernel on chunks copied to heap arrays, written as branch-free loops over arrays that
   * C2 vectorises (with {@link FastMath#expInPlace}); measured ~3x faster than a table lookup.
   */
  private void forwardFloat(
      FloatBuffer in, FloatBuffer out, FloatBuffer deriv, int start, int end) {
    float[] x = SCRATCH.floats(0, CHUNK);
    float[] g = SCRATCH.floats(1, CHUNK);
    float[] d = SCRATCH.floats(2, CHUNK);
    float[] e = SCRATCH.floats(3, CHUNK);
    float[] scratch = SCRATCH.floats(4, CHUNK);
    for (int s = start; s < end; s += CHUNK) {
      int len = Math.min(CHUNK, end - s);
      in.get(s, x, 0, len);
      if (this == ERF) {
        FastMath.geluErf(x, g, d, e, scratch, len);
      } else {
        tanhChunk(x, g, d, e, scratch, len);
      }
      out.put(s, g, 0, len);
      deriv.put(s, d, 0, len);
    }
  }

  /**
   * Tanh-form GELU with {@code q = e^(2u)}: {@code 1 + tanh u = 2q/(1+q)} and {@code 1 - tanh^2 u =
   * 4q/(1+q)^2}, which avoid the cancellation of {@code 1 + tanh u} for very negative u.
   */
  private static void tanhChunk(
      float[] x, float[] g, float[] d, float[] e, float[] scratch, int len) {
    float c = (float) SQRT_2_OVER_PI;
    float k = (float) TANH_CUBIC;
    for (int i = 0; i < len; i++) {
      float xi = x[i];
      e[i] = 2f * c * (xi + k * xi * xi * xi);
    }
    FastMath.expInPlace(e, len, scratch);
    for (int i = 0; i < len; i++) {
      float xi = x[i];
      float q = e[i];
      float inv = 1f / (1f + q);
      float half = q * inv; // (1 + tanh u) / 2
      float du = c * (1f + 3f * k * xi * xi);
      g[i] = xi * half;
      d[i] = half + 2f * xi * du * half * inv; // q inv^2 as half * inv: no overflow for huge q
    }
  }

  /**
   * {@code grad *= derivative} in place: the GELU backward given the stored derivative. Float32
   * runs on chunks copied to heap arrays, like the forward: C2 vectorises the multiply there and
   * not over indexed buffer accesses (JMH, ElementwiseKernelBenchmark.geluBackward).
   */
  public static void backwardInPlace(Matrix grad, Matrix derivative) {
    backwardInPlace(grad, derivative, null);
  }

  /**
   * {@link #backwardInPlace(Matrix, Matrix)}, also summing the result's columns into {@code sums}
   * (the bias gradient of the layer that produced the pre-activation) in the same pass, row by row;
   * {@code sums} null does neither.
   */
  static void backwardInPlace(Matrix grad, Matrix derivative, ColumnSums sums) {
    checkArgument(grad.size() == derivative.size(), "sizes differ: %s vs %s", grad, derivative);
    if (sums != null) {
      backwardSummingColumns(grad, derivative, sums);
      return;
    }
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
            backwardFloat(gf, df, start, end);
          } else {
            for (int i = start; i < end; i++) {
              gd.put(i, gd.get(i) * dd.get(i));
            }
          }
        });
    Profiler.end("gelu backward", t0);
  }

  private static void backwardSummingColumns(Matrix grad, Matrix derivative, ColumnSums sums) {
    long t0 = Profiler.start();
    int cols = grad.cols();
    sums.reset(grad.rows(), cols);
    FloatBuffer gf = grad.floats();
    FloatBuffer df = derivative.floats();
    Parallel.forChunks(
        grad.rows(),
        cols,
        (chunk, start, end) -> {
          if (gf != null) {
            float[] g = SCRATCH.floats(0, cols);
            float[] d = SCRATCH.floats(1, cols);
            float[] acc = SCRATCH.floats(2, cols);
            Arrays.fill(acc, 0, cols, 0f);
            for (int r = start; r < end; r++) {
              int base = r * cols;
              gf.get(base, g, 0, cols);
              df.get(base, d, 0, cols);
              for (int j = 0; j < cols; j++) {
                g[j] *= d[j];
                acc[j] += g[j];
              }
              gf.put(base, g, 0, cols);
            }
            sums.setChunk(chunk, acc);
          } else {
            double[] acc = sums.chunk(chunk);
            for (int r = start; r < end; r++) {
              for (int j = 0; j < cols; j++) {
                int i = r * cols + j;
                double v = grad.get(i) * derivative.get(i);
                grad.set(i, v);
                acc[j] += v;
              }
            }
          }
        });
    Profiler.end("gelu backward", t0);
  }

  private static void backwardFloat(FloatBuffer grad, FloatBuffer deriv, int start, int end) {
    float[] g = SCRATCH.floats(0, CHUNK);
    float[] d = SCRATCH.floats(1, CHUNK);
    for (int s = start; s < end; s += CHUNK) {
      int len = Math.min(CHUNK, end - s);
      grad.get(s, g, 0, len);
      deriv.get(s, d, 0, len);
      for (int i = 0; i < len; i++) {
        g[i] *= d[i];
      }
      grad.put(s, g, 0, len);
    }
  }
}
