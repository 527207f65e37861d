package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.FastMath;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Parallel;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.ScratchArrays;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Layer normalisation over the last dimension: {@code y = (x - mean) / sqrt(var + eps) * gamma +
 * beta}, biased variance, as BERT/ELECTRA ({@code eps = 1e-12}). Row statistics are accumulated in
 * double whatever the storage type. Parameters {@code name.weight} (gamma, init 1) and {@code
 * name.bias} (beta, init 0) are excluded from weight decay.
 *
 * <p>Keeps a reference to its input and each row's mean and reciprocal standard deviation for
 * backward, which recomputes the normalised input from them with the forward's own operations (the
 * same values): <b>the input must stay unchanged until backward</b>, as every caller's does (a
 * layer-owned buffer that nothing writes in between). Not storing the normalised copy saves a write
 * pass in a forward bound by memory traffic: it read 4 bytes per element and wrote 8, half of them
 * for the copy (2026-12-02's Intel Xeon: the pass moved about 10 GB/s per core, where a streaming
 * loop moves 22-24). Gamma/beta gradients are summed per fixed row chunk and combined in chunk
 * order (deterministic).
 *
 * <p>A transformer layer's post-LN residual step runs fused ({@link #forwardResidual}, {@link
 * #backwardThroughDropout}): the dropout, the residual sum and the normalisation in one pass over
 * each row, and backward's gradient through that dropout in the same pass as the input gradient,
 * the same values as the separate passes (tested). At shape B this saved 5–7 ms of a 530–560 ms
 * step (profile sections, 2026-12-02; docs/performance.md). The embeddings' LayerNorm, whose output
 * only feeds a dropout, likewise drops out each row as it writes it ({@link #forwardThenDropout})
 * and masks each gradient row as it reads it ({@link #backwardFromDropout}).
 */
public final class LayerNorm implements Module {
  /** The float32 kernels' per-row working arrays, reused on each thread. */
  private static final ScratchArrays SCRATCH = new ScratchArrays(8);

  private final Parameter gamma;
  private final Parameter beta;
  private final int features;
  private final double eps;
  private Matrix input;
  private final Matrix output;
  private final Matrix inputGrad;
  private double[] means = new double[0];
  private double[] rstd = new double[0];
  private final double[][] partialGamma;
  private final double[][] partialBeta;
  private final ColumnSums returnedGradientSums = new ColumnSums();
  private int rows = -1;

  private LayerNorm(Parameter gamma, Parameter beta, double eps) {
    this.gamma = gamma;
    this.beta = beta;
    this.features = Math.toIntExact(gamma.length());
    checkArgument(beta.length() == features, "gamma/beta sizes differ");
    checkArgument(eps > 0, "eps must be positive: %s", eps);
    this.eps = eps;
    DataType dt = gamma.dataType();
    this.output = Matrix.empty(dt);
    this.inputGrad = Matrix.empty(dt);
    this.partialGamma = new double[Parallel.CHUNKS][features];
    this.partialBeta = new double[Parallel.CHUNKS][features];
  }

  public static LayerNorm create(
      String name, int features, double eps, int depth, DataType dataType) {
    Parameter g = Parameter.zeros(name + ".weight", dataType, new long[] {features}, false, depth);
    Init.constant(g, 1.0);
    Parameter b = Parameter.zeros(name + ".bias", dataType, new long[] {features}, false, depth);
    return new LayerNorm(g, b, eps);
  }

  /** Another application of the same gamma/beta with its own activation buffers. */
  public LayerNorm sharing() {
    return new LayerNorm(gamma, beta, eps);
  }

  public Parameter gamma() {
    return gamma;
  }

  public Parameter beta() {
    return beta;
  }

  public double eps() {
    return eps;
  }

  /** Normalises each row of {@code x [rows, features]}; returns the layer-owned output. */
  public Matrix forward(Matrix x) {
    return forward(x, null, null, null);
  }

  /**
   * {@link #forward(Matrix)} followed by {@code dropout} on the normalised rows: returns the
   * layer-owned output holding {@code dropout.apply}'s values, written in the same pass (float32
   * with active dropout; otherwise the two passes, the second into {@code scratch}). For a
   * LayerNorm whose normalised output only feeds a dropout (the embeddings'): backward needs the
   * input, not the output.
   */
  public Matrix forwardThenDropout(Matrix x, Dropout dropout, Matrix scratch) {
    checkArgument(
        x.size() == dropout.length(),
        "dropout mask covers %s elements, input %s",
        dropout.length(),
        x);
    if (x.floats() == null || !dropout.isActive()) {
      Matrix normed = forward(x);
      long t0 = Profiler.start();
      scratch.resize(normed.rows(), normed.cols());
      dropout.apply(normed, scratch);
      Profiler.end("dropout", t0);
      return scratch;
    }
    return forward(x, null, null, dropout);
  }

  /**
   * The post-LN residual step: {@code a = dropout(a) + residual} in place (a becomes this layer's
   * input, kept for backward), then the normalised rows; returns the layer-owned output. The same
   * values as {@link Dropout#applyAndAddResidual} followed by {@link #forward(Matrix)}, in one pass
   * over each row instead of two over the matrix (float32; float64 runs the two).
   */
  public Matrix forwardResidual(Matrix a, Matrix residual, Dropout dropout) {
    checkArgument(
        a.size() == dropout.length() && residual.size() == dropout.length(),
        "dropout mask covers %s elements, input %s, residual %s",
        dropout.length(),
        a,
        residual);
    if (a.floats() == null) {
      long t0 = Profiler.start();
      dropout.applyAndAddResidual(a, residual);
      Profiler.end("dropout+residual", t0);
      return forward(a);
    }
    return forward(a, residual, dropout, null);
  }

  /**
   * {@link #forward(Matrix)}, first adding the dropped-out input to {@code residual} if given, and
   * dropping out the output with {@code outputDropout} if given (active).
   */
  private Matrix forward(Matrix x, Matrix residual, Dropout dropout, Dropout outputDropout) {
    checkArgument(x.cols() == features, "input has %s columns, expected %s", x.cols(), features);
    long t0 = Profiler.start();
    rows = x.rows();
    input = x;
    if (rstd.length < rows) {
      means = new double[rows];
      rstd = new double[rows];
    }
    output.resize(rows, features);
    Matrix g = gamma.valueMatrix();
    Matrix b = beta.valueMatrix();
    int h = features;
    double[] ms = means;
    double[] rs = rstd;
    if (x.floats() != null) {
      float[] gf = toFloats(g);
      float[] bf = toFloats(b);
      FloatBuffer xf = x.floats();
      FloatBuffer of = output.floats();
      FloatBuffer resf = residual == null ? null : residual.floats();
      float e = (float) eps;
      Parallel.forChunks(
          rows,
          4L * h,
          (chunk, start, end) ->
              forwardFloat(xf, resf, dropout, outputDropout, of, gf, bf, ms, rs, h, e, start, end));
    } else {
      Parallel.forChunks(
          rows,
          4L * h,
          (chunk, start, end) -> {
            for (int r = start; r < end; r++) {
              int base = r * h;
              double sum = 0;
              for (int j = 0; j < h; j++) {
                sum += x.get(base + j);
              }
              double mean = sum / h;
              double sq = 0;
              for (int j = 0; j < h; j++) {
                double d = x.get(base + j) - mean;
                sq += d * d;
              }
              double inv = 1.0 / Math.sqrt(sq / h + eps);
              ms[r] = mean;
              rs[r] = inv;
              for (int j = 0; j < h; j++) {
                double xh = (x.get(base + j) - mean) * inv;
                output.set(base + j, xh * g.get(j) + b.get(j));
              }
            }
          });
    }
    Profiler.end(residual == null ? "layernorm" : "layernorm with dropout+residual", t0);
    return output;
  }

  public Matrix output() {
    return output;
  }

  /** Accumulates gamma/beta gradients for {@code dy} and returns the layer-owned input gradient. */
  public Matrix backward(Matrix dy) {
    return backward(dy, null, null, null, null);
  }

  /**
   * The backward of {@link #forwardThenDropout}: {@code dOut} is the gradient of the dropped-out
   * output; the same values as {@code backward(dropout.applyTo(dOut, scratch))}, the mask applied
   * to each row as it is read (float32 with active dropout; otherwise the two passes).
   */
  public Matrix backwardFromDropout(Matrix dOut, Dropout dropout, Matrix scratch) {
    if (dOut.floats() == null || !dropout.isActive()) {
      long t0 = Profiler.start();
      Matrix dNormed = dropout.applyTo(dOut, scratch);
      Profiler.end("dropout", t0);
      return backward(dNormed);
    }
    checkArgument(
        dOut.size() == dropout.length(),
        "dropout mask covers %s elements, gradient %s",
        dropout.length(),
        dOut);
    return backward(dOut, dropout, null, null, null);
  }

  /**
   * {@link #backward(Matrix)} followed by the gradient through the dropout that fed this layer's
   * residual sum ({@link #forwardResidual}): returns {@code dropout.applyTo(inputGrad(),
   * scratch)}'s values, written into {@code scratch} in the same pass over each row when dropout is
   * active (float32), else the input gradient itself. {@link #inputGrad()} stays the unmasked
   * gradient, for the residual path. The same pass sums the returned gradient's columns ({@link
   * #returnedGradientSums()}): the bias gradient of the {@link Linear} layer it flows into.
   */
  public Matrix backwardThroughDropout(Matrix dy, Dropout dropout, Matrix scratch) {
    checkState(rows >= 0, "backward before forward");
    checkArgument(
        dropout.length() == (long) rows * features,
        "dropout mask covers %s elements, gradient %s",
        dropout.length(),
        dy);
    returnedGradientSums.reset(rows, features);
    if (dy.floats() == null || !dropout.isActive()) {
      Matrix dx = backward(dy, null, null, null, dropout.isActive() ? null : returnedGradientSums);
      long t0 = Profiler.start();
      Matrix out = dropout.applyTo(dx, scratch);
      if (dropout.isActive()) { // float64: the masked gradient's sums in a pass of their own
        sumColumns(out, returnedGradientSums);
      }
      Profiler.end("dropout+residual", t0);
      return out;
    }
    checkArgument(scratch.dataType() == dy.dataType(), "scratch %s is not %s", scratch, dy);
    scratch.resize(rows, features);
    backward(dy, null, dropout, scratch, returnedGradientSums);
    return scratch;
  }

  /**
   * The column sums of the gradient that the last {@link #backwardThroughDropout} returned, for the
   * bias gradient of the layer it flows into (used up by that layer).
   */
  ColumnSums returnedGradientSums() {
    return returnedGradientSums;
  }

  /** Float64 column sums of {@code m} per row chunk, as {@link ColumnSums} describes. */
  private static void sumColumns(Matrix m, ColumnSums sums) {
    int cols = m.cols();
    Parallel.forChunks(
        m.rows(),
        cols,
        (chunk, start, end) -> {
          double[] acc = sums.chunk(chunk);
          for (int r = start; r < end; r++) {
            for (int j = 0; j < cols; j++) {
              acc[j] += m.get(r * cols + j);
            }
          }
        });
  }

  /**
   * Backward of {@code inputDropout(dy)} (none if null, float32 only); with {@code dropped}
   * non-null also writes the input gradient through {@code dropout} there; with {@code sums}
   * non-null sums the columns of what it writes last (dropped, else the input gradient) into it.
   */
  private Matrix backward(
      Matrix dy, Dropout inputDropout, Dropout dropout, Matrix dropped, ColumnSums sums) {
    checkState(rows >= 0, "backward before forward");
    checkArgument(
        dy.rows() == rows && dy.cols() == features,
        "gradient is %s, expected %s x %s",
        dy,
        rows,
        features);
    long t0 = Profiler.start();
    inputGrad.resize(rows, features);
    Matrix g = gamma.valueMatrix();
    Matrix x = input;
    int h = features;
    double[] ms = means;
    double[] rs = rstd;
    if (dy.floats() != null) {
      float[] gf = toFloats(g);
      FloatBuffer df = dy.floats();
      FloatBuffer xf = x.floats();
      FloatBuffer inf = inputGrad.floats();
      FloatBuffer dropf = dropped == null ? null : dropped.floats();
      Parallel.forChunks(
          rows,
          6L * h,
          (chunk, start, end) ->
              backwardFloat(
                  df,
                  xf,
                  inf,
                  inputDropout,
                  dropout,
                  dropf,
                  gf,
                  ms,
                  rs,
                  h,
                  partialGamma[chunk],
                  partialBeta[chunk],
                  start,
                  end,
                  chunk,
                  sums));
    } else {
      Parallel.forChunks(
          rows,
          6L * h,
          (chunk, start, end) -> {
            double[] pg = partialGamma[chunk];
            double[] pb = partialBeta[chunk];
            java.util.Arrays.fill(pg, 0.0);
            java.util.Arrays.fill(pb, 0.0);
            for (int r = start; r < end; r++) {
              int base = r * h;
              double mu = ms[r];
              double inv = rs[r];
              double sumG = 0;
              double sumGx = 0;
              for (int j = 0; j < h; j++) {
                double d = dy.get(base + j);
                double xh = (x.get(base + j) - mu) * inv;
                pg[j] += d * xh;
                pb[j] += d;
                double gj = d * g.get(j);
                sumG += gj;
                sumGx += gj * xh;
              }
              double meanG = sumG / h;
              double meanGx = sumGx / h;
              double[] colSums = sums == null ? null : sums.chunk(chunk);
              for (int j = 0; j < h; j++) {
                double gj = dy.get(base + j) * g.get(j);
                double xh = (x.get(base + j) - mu) * inv;
                double dxj = inv * (gj - meanG - xh * meanGx);
                inputGrad.set(base + j, dxj);
                if (colSums != null) {
                  colSums[j] += dxj;
                }
              }
            }
          });
    }
    Matrix dGamma = gamma.gradMatrix();
    Matrix dBeta = beta.gradMatrix();
    for (int j = 0; j < h; j++) {
      double sg = 0;
      double sb = 0;
      for (int c = 0; c < Parallel.CHUNKS; c++) {
        sg += partialGamma[c][j];
        sb += partialBeta[c][j];
      }
      dGamma.add(j, sg);
      dBeta.add(j, sb);
    }
    Profiler.end(dropped == null ? "layernorm backward" : "layernorm backward with dropout", t0);
    return inputGrad;
  }

  private static float[] toFloats(Matrix v) {
    float[] out = new float[v.size()];
    v.floats().get(0, out, 0, out.length);
    return out;
  }

  /**
   * Float32 rows copied to heap arrays (bulk copies), statistics with four partial sums. With a
   * residual, each row first becomes {@code x * keep * scale + residual} (Dropout's expression) and
   * is written back to x; with an output dropout, each output row is dropped out before it is
   * stored.
   */
  private static void forwardFloat(
      FloatBuffer x,
      FloatBuffer residual,
      Dropout dropout,
      Dropout outputDropout,
      FloatBuffer out,
      float[] g,
      float[] b,
      double[] means,
      double[] rstd,
      int h,
      float eps,
      int start,
      int end) {
    float[] row = SCRATCH.floats(0, h);
    float[] y = SCRATCH.floats(1, h);
    float[] res = residual == null ? null : SCRATCH.floats(2, h);
    float[] keep = residual == null ? null : SCRATCH.floats(3, h);
    float scale = residual != null && dropout.isActive() ? (float) dropout.keepScale() : 1f;
    float[] keepOut = outputDropout == null ? null : SCRATCH.floats(4, h);
    float outScale = outputDropout == null ? 1f : (float) outputDropout.keepScale();
    for (int r = start; r < end; r++) {
      int base = r * h;
      x.get(base, row, 0, h);
      if (residual != null) {
        residual.get(base, res, 0, h);
        dropout.keepFlags(base, h, keep); // all ones when inactive
        for (int j = 0; j < h; j++) {
          row[j] = row[j] * keep[j] * scale + res[j];
        }
        x.put(base, row, 0, h);
      }
      float mean = FastMath.sum(row, h) / h;
      float s0 = 0f;
      float s1 = 0f;
      float s2 = 0f;
      float s3 = 0f;
      int j = 0;
      for (; j + 3 < h; j += 4) {
        float d0 = row[j] - mean;
        float d1 = row[j + 1] - mean;
        float d2 = row[j + 2] - mean;
        float d3 = row[j + 3] - mean;
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
      for (; j < h; j++) {
        float d0 = row[j] - mean;
        s0 += d0 * d0;
      }
      float inv = (float) (1.0 / Math.sqrt((double) ((s0 + s1) + (s2 + s3)) / h + eps));
      means[r] = mean;
      rstd[r] = inv;
      for (j = 0; j < h; j++) {
        y[j] = (row[j] - mean) * inv * g[j] + b[j];
      }
      if (keepOut != null) {
        outputDropout.keepFlags(base, h, keepOut);
        for (j = 0; j < h; j++) {
          y[j] = y[j] * keepOut[j] * outScale; // Dropout.apply's expression
        }
      }
      out.put(base, y, 0, h);
    }
  }

  /**
   * Float32 backward over rows [start, end): with {@code inputDropout} each dy row is masked as it
   * is read; with {@code dropped} non-null also writes {@code dx * keep * scale} (Dropout's
   * expression) there; with {@code sums} the columns of what it writes last are summed into the
   * chunk's sums.
   */
  private static void backwardFloat(
      FloatBuffer dy,
      FloatBuffer x,
      FloatBuffer dx,
      Dropout inputDropout,
      Dropout dropout,
      FloatBuffer dropped,
      float[] g,
      double[] means,
      double[] rstd,
      int h,
      double[] pg,
      double[] pb,
      int start,
      int end,
      int chunk,
      ColumnSums sums) {
    float[] accG = SCRATCH.floats(0, h);
    float[] accB = SCRATCH.floats(1, h);
    float[] d = SCRATCH.floats(2, h);
    float[] xh = SCRATCH.floats(3, h);
    float[] gd = SCRATCH.floats(4, h);
    float[] keep = dropped == null ? null : SCRATCH.floats(5, h);
    float scale = dropped == null ? 1f : (float) dropout.keepScale();
    float[] colSums = sums == null ? null : SCRATCH.floats(6, h);
    float[] keepIn = inputDropout == null ? null : SCRATCH.floats(7, h);
    float inScale = inputDropout == null ? 1f : (float) inputDropout.keepScale();
    Arrays.fill(accG, 0, h, 0f);
    Arrays.fill(accB, 0, h, 0f);
    if (colSums != null) {
      Arrays.fill(colSums, 0, h, 0f);
    }
    for (int r = start; r < end; r++) {
      int base = r * h;
      dy.get(base, d, 0, h);
      if (keepIn != null) {
        inputDropout.keepFlags(base, h, keepIn);
        for (int j = 0; j < h; j++) {
          d[j] = d[j] * keepIn[j] * inScale; // Dropout.apply's expression
        }
      }
      x.get(base, xh, 0, h);
      float mean = (float) means[r];
      float inv = (float) rstd[r];
      for (int j = 0; j < h; j++) {
        xh[j] = (xh[j] - mean) * inv; // the forward's normalised value, recomputed
      }
      for (int j = 0; j < h; j++) {
        accG[j] += d[j] * xh[j];
        accB[j] += d[j];
        gd[j] = d[j] * g[j];
      }
      float meanG = FastMath.sum(gd, h) / h;
      float meanGx = FastMath.dot(gd, xh, h) / h;
      for (int j = 0; j < h; j++) {
        d[j] = inv * (gd[j] - meanG - xh[j] * meanGx);
      }
      dx.put(base, d, 0, h);
      if (dropped != null) {
        dropout.keepFlags(base, h, keep);
        for (int j = 0; j < h; j++) {
          d[j] = d[j] * keep[j] * scale;
        }
        dropped.put(base, d, 0, h);
      }
      if (colSums != null) {
        for (int j = 0; j < h; j++) {
          colSums[j] += d[j];
        }
      }
    }
    for (int j = 0; j < h; j++) {
      pg[j] = accG[j];
      pb[j] = accB[j];
    }
    if (colSums != null) {
      sums.setChunk(chunk, colSums);
    }
  }

  public Matrix inputGrad() {
    return inputGrad;
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    out.add(gamma);
    out.add(beta);
  }
}
