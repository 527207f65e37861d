package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.FastMath;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Multi-head self-attention with a key padding mask, BERT layout: {@code name.self.query|key|value}
 * and {@code name.output.dense} (the residual LayerNorm belongs to {@link TransformerLayer}).
 *
 * <p>Query, key and value weights are row blocks of one fused {@code [3H, H]} matrix (and one fused
 * bias), so the projection is a single GEMM with N = 3H; the three named parameters are views into
 * it. Scores are computed per (sequence, head) by GEMM directly on sub-blocks of the fused {@code
 * [tokens, 3H]} projection via offsets and leading dimensions: no head is copied out; one task per
 * (sequence, head) runs that head's products and its softmax rows together, forward and backward,
 * so the [S, S] block is reused while it is in cache and a layer pays one thread hand-off per
 * direction. Softmax subtracts the row maximum over real keys and gives padding keys probability
 * exactly 0 (the limit of an additive -infinity mask); a sequence with no real key gets all-zero
 * rows. Attention dropout's mask is kept as bits and the dropped probabilities are recomputed into
 * shared scratch in backward, so the only per-layer [B*heads*S, S] buffer kept is the probability
 * matrix itself.
 */
public final class SelfAttention implements Module {
  /**
   * Cost of one softmax element (with dropout) in FLOPs of the per-head products, for the decision
   * to split a layer's heads over threads: a one-thread profile at shape A (2026-12-02) has the
   * forward at about 3 ns per element and the backward at about 1.5, while those products run at
   * 60-90 GFLOP/s. Short fine-tuning sequences thus split on their softmax work alone.
   */
  private static final long SOFTMAX_WORK = 256;

  private static final long SOFTMAX_BACKWARD_WORK = 128;

  private final int hidden;
  private final int heads;
  private final int headDim;
  private final double scale;
  private final Parameter fusedWeight;
  private final Parameter fusedBias;
  private final List<Parameter> projectionParameters;
  private final Linear projection;
  private final Linear outputDense;
  private final Dropout attentionDropout;
  private final Workspace workspace;
  private final Matrix probs;
  private final Matrix droppedProbs;
  private final Matrix context;
  private AttentionMask mask;
  private Matrix qkv;

  /**
   * @param name prefix such as {@code electra.encoder.layer.3.attention}
   * @param depth layer-wise learning-rate depth of all parameters here
   */
  public SelfAttention(
      String name,
      int hidden,
      int heads,
      double attentionDropoutProbability,
      int depth,
      DataType dataType,
      RandomStream initRandom,
      double initStd,
      Workspace workspace) {
    checkArgument(hidden % heads == 0, "hidden %s not divisible by heads %s", hidden, heads);
    this.hidden = hidden;
    this.heads = heads;
    this.headDim = hidden / heads;
    this.scale = 1.0 / Math.sqrt(headDim);
    this.workspace = workspace;
    INDArray w = Nd4j.create(dataType, new long[] {3L * hidden, hidden}, 'c');
    INDArray wGrad = Nd4j.create(dataType, new long[] {3L * hidden, hidden}, 'c');
    INDArray b = Nd4j.create(dataType, new long[] {3L * hidden}, 'c');
    INDArray bGrad = Nd4j.create(dataType, new long[] {3L * hidden}, 'c');
    String[] parts = {"query", "key", "value"};
    Parameter[] named = new Parameter[6];
    for (int p = 0; p < 3; p++) {
      var rowsIdx = NDArrayIndex.interval((long) p * hidden, (long) (p + 1) * hidden);
      Parameter pw =
          new Parameter(
              name + ".self." + parts[p] + ".weight",
              w.get(rowsIdx, NDArrayIndex.all()),
              wGrad.get(rowsIdx, NDArrayIndex.all()),
              true,
              depth);
      Init.truncatedNormal(pw, initRandom, initStd);
      named[2 * p] = pw;
      named[2 * p + 1] =
          new Parameter(
              name + ".self." + parts[p] + ".bias",
              b.get(rowsIdx),
              bGrad.get(rowsIdx),
              false,
              depth);
    }
    this.projectionParameters = List.of(named);
    this.fusedWeight = new Parameter(name + ".self.qkv.weight(fused)", w, wGrad, true, depth);
    this.fusedBias = new Parameter(name + ".self.qkv.bias(fused)", b, bGrad, false, depth);
    this.projection = Linear.tied(fusedWeight, fusedBias);
    this.outputDense =
        Linear.create(
            name + ".output.dense", hidden, hidden, true, depth, dataType, initRandom, initStd);
    this.attentionDropout = new Dropout(attentionDropoutProbability);
    this.probs = Matrix.empty(dataType);
    this.droppedProbs = Matrix.empty(dataType);
    this.context = Matrix.empty(dataType);
  }

  public int heads() {
    return heads;
  }

  public Linear outputDense() {
    return outputDense;
  }

  /** {@code x [B*S, H] -> attention output [B*S, H]} (before dropout and residual). */
  public Matrix forward(Matrix x, AttentionMask mask, Context ctx) {
    checkArgument(
        x.rows() == mask.tokens() && x.cols() == hidden, "input %s does not match mask", x);
    this.mask = mask;
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    qkv = projection.forward(x);
    probs.resize(batch * heads * seq, seq);
    attentionDropout.sample(ctx, probs.size()); // timed as "dropout mask"
    Matrix dropped = attentionDropout.isActive() ? droppedProbs.resize(probs.rows(), seq) : probs;
    context.resize(batch * seq, hidden);
    // One task per (sequence, head): scores, softmax (+ dropout) and context while the [S, S] block
    // is still in cache, and one hand-off per layer instead of three.
    Blas.independent(
        batch * heads,
        4L * seq * seq * headDim,
        4L * seq * seq * headDim + SOFTMAX_WORK * seq * seq,
        i -> {
          int b = i / heads;
          int h = i % heads;
          long p = probsOffset(b, h, seq);
          Blas.gemm(
              false,
              true,
              seq,
              seq,
              headDim,
              scale,
              qkv,
              queryOffset(b, h, seq),
              3 * hidden,
              qkv,
              keyOffset(b, h, seq),
              3 * hidden,
              0.0,
              probs,
              p,
              seq);
          long ts = sectionStart();
          maskedSoftmax(probs, dropped, attentionDropout, mask, heads, i * seq, (i + 1) * seq);
          sectionEnd("softmax", ts);
          Blas.gemm(
              false,
              false,
              seq,
              headDim,
              seq,
              1.0,
              dropped,
              p,
              seq,
              qkv,
              valueOffset(b, h, seq),
              3 * hidden,
              0.0,
              context,
              contextOffset(b, h, seq),
              hidden);
        });
    return outputDense.forward(context);
  }

  /** Attention probabilities of the last forward, rows ordered (sequence, head, query). */
  public Matrix probabilities() {
    return probs;
  }

  /** Accumulates parameter gradients for {@code dOut [B*S, H]}; returns the input gradient. */
  public Matrix backward(Matrix dOut) {
    return projection.backward(backwardToProjection(dOut));
  }

  /** As {@link #backward} but adds the input gradient into {@code inputGradTarget}. */
  public void backwardAccumulating(Matrix dOut, Matrix inputGradTarget) {
    projection.backwardAccumulating(backwardToProjection(dOut), inputGradTarget);
  }

  /** Backward down to the gradient of the fused QKV projection output. */
  private Matrix backwardToProjection(Matrix dOut) {
    checkState(mask != null, "backward before forward");
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    Matrix dContext = outputDense.backward(dOut);
    Matrix dropped = attentionDropout.isActive() ? droppedProbs : probs;
    Matrix dScores = workspace.matrix("attention.scoreGradients");
    dScores.resize(probs.rows(), seq);
    Matrix dQkv = workspace.matrix("attention.qkvGradients");
    dQkv.resize(batch * seq, 3 * hidden);
    // One task per (sequence, head), as in forward: the softmax backward runs on the block that the
    // first two products just wrote.
    Blas.independent(
        batch * heads,
        8L * seq * seq * headDim,
        8L * seq * seq * headDim + SOFTMAX_BACKWARD_WORK * seq * seq,
        i -> {
          int b = i / heads;
          int h = i % heads;
          long p = probsOffset(b, h, seq);
          long c = contextOffset(b, h, seq);
          // dP_dropped = dContext V^T ; dV = P_dropped^T dContext
          Blas.gemm(
              false,
              true,
              seq,
              seq,
              headDim,
              1.0,
              dContext,
              c,
              hidden,
              qkv,
              valueOffset(b, h, seq),
              3 * hidden,
              0.0,
              dScores,
              p,
              seq);
          Blas.gemm(
              true,
              false,
              seq,
              headDim,
              seq,
              1.0,
              dropped,
              p,
              seq,
              dContext,
              c,
              hidden,
              0.0,
              dQkv,
              valueOffset(b, h, seq),
              3 * hidden);
          long ts = sectionStart();
          softmaxBackward(probs, dScores, attentionDropout, i * seq, (i + 1) * seq);
          sectionEnd("softmax backward", ts);
          // scores = scale Q K^T: dQ = scale dS K ; dK = scale dS^T Q
          Blas.gemm(
              false,
              false,
              seq,
              headDim,
              seq,
              scale,
              dScores,
              p,
              seq,
              qkv,
              keyOffset(b, h, seq),
              3 * hidden,
              0.0,
              dQkv,
              queryOffset(b, h, seq),
              3 * hidden);
          Blas.gemm(
              true,
              false,
              seq,
              headDim,
              seq,
              scale,
              dScores,
              p,
              seq,
              qkv,
              queryOffset(b, h, seq),
              3 * hidden,
              0.0,
              dQkv,
              keyOffset(b, h, seq),
              3 * hidden);
        });
    return dQkv;
  }

  private long queryOffset(int b, int h, int seq) {
    return (long) b * seq * 3 * hidden + (long) h * headDim;
  }

  private long keyOffset(int b, int h, int seq) {
    return queryOffset(b, h, seq) + hidden;
  }

  private long valueOffset(int b, int h, int seq) {
    return queryOffset(b, h, seq) + 2L * hidden;
  }

  private long probsOffset(int b, int h, int seq) {
    return ((long) b * heads + h) * seq * seq;
  }

  private long contextOffset(int b, int h, int seq) {
    return (long) b * seq * hidden + (long) h * headDim;
  }

  /**
   * Profiler start of a section inside a per-head task (0 where the task's wall time counts it).
   */
  private static long sectionStart() {
    return Blas.insideParallelIndependent() ? 0L : Profiler.start();
  }

  private static void sectionEnd(String section, long start) {
    if (!Blas.insideParallelIndependent()) {
      Profiler.end(section, start);
    }
  }

  /**
   * Row-wise softmax of rows {@code [start, end)} of {@code scores [B*heads*S, S]} in place over
   * real keys (padding keys get 0); when dropout is active also writes the dropped-out, rescaled
   * probabilities into {@code dropped} in the same pass (otherwise {@code dropped} must be {@code
   * scores}).
   */
  static void maskedSoftmax(
      Matrix scores,
      Matrix dropped,
      Dropout dropout,
      AttentionMask mask,
      int heads,
      int start,
      int end) {
    int seq = mask.seqLen();
    int rowsPerExample = heads * seq;
    boolean drop = dropout.isActive();
    FloatBuffer f = scores.floats();
    FloatBuffer fd = dropped.floats();
    DoubleBuffer d = scores.doubles();
    DoubleBuffer dd = dropped.doubles();
    float fscale = (float) dropout.keepScale();
    double dscale = dropout.keepScale();
    boolean[] real = new boolean[seq];
    float[] row = new float[seq];
    float[] out = new float[seq];
    float[] scratch = new float[seq];
    float[] keep = new float[64];
    float[] keepRow = new float[seq];
    int loadedExample = -1;
    boolean allReal = false;
    for (int r = start; r < end; r++) {
      int example = r / rowsPerExample;
      if (example != loadedExample) {
        loadedExample = example;
        allReal = mask.realTokens(example) == seq;
        for (int j = 0; j < seq; j++) {
          real[j] = mask.isReal(example, j);
        }
      }
      int base = r * seq;
      if (f != null) {
        f.get(base, row, 0, seq);
        float inv = softmaxRowFloat(row, seq, allReal ? null : real, scratch);
        if (drop) {
          scaleAndMask(dropout, base, row, out, seq, inv, fscale, keep, keepRow);
          fd.put(base, out, 0, seq);
        } else {
          for (int j = 0; j < seq; j++) {
            row[j] *= inv;
          }
        }
        f.put(base, row, 0, seq);
      } else {
        maskedSoftmaxRowDouble(d, base, seq, real);
        if (drop) {
          maskRowDouble(d, dd, dropout, base, seq, dscale);
        }
      }
    }
  }

  /**
   * Unnormalised softmax of {@code row[0..n)} in place ({@code e^(x - max)} over real keys, 0 on
   * masked ones; {@code real == null} means none is masked); returns the factor {@code 1 / sum}
   * that normalises it (0 with the row all zero when no key is real).
   */
  private static float softmaxRowFloat(float[] row, int n, boolean[] real, float[] scratch) {
    float max;
    if (real == null) {
      max = FastMath.max(row, n);
    } else {
      max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        if (real[j]) {
          max = Math.max(max, row[j]);
        }
      }
    }
    if (max == Float.NEGATIVE_INFINITY) { // no real key
      java.util.Arrays.fill(row, 0, n, 0f);
      return 0f;
    }
    FastMath.expShiftedInPlace(row, n, max, scratch);
    if (real != null) {
      for (int j = 0; j < n; j++) {
        if (!real[j]) {
          row[j] = 0f;
        }
      }
    }
    return 1f / FastMath.sum(row, n);
  }

  /**
   * {@code row[j] *= inv} and {@code out[j] = keep(base + j) ? row[j] * scale : 0} in one pass: the
   * normalised probabilities and their dropped-out copy.
   */
  private static void scaleAndMask(
      Dropout dropout,
      int base,
      float[] row,
      float[] out,
      int n,
      float inv,
      float scale,
      float[] keep,
      float[] keepRow) {
    // The flags of the row (on the 64-element word grid or not: fine-tuning batches are padded to
    // their longest sequence), then one branch-free pass. p >= 0, so a dropped p gives +0.
    dropout.keepFlags(base, n, keepRow, keep);
    for (int j = 0; j < n; j++) {
      float p = row[j] * inv;
      row[j] = p;
      out[j] = p * keepRow[j] * scale;
    }
  }

  private static void maskedSoftmaxRowDouble(DoubleBuffer d, int base, int n, boolean[] real) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      if (real[j]) {
        max = Math.max(max, d.get(base + j));
      }
    }
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double e = real[j] ? Math.exp(d.get(base + j) - max) : 0.0;
      d.put(base + j, e);
      sum += e;
    }
    double inv = sum > 0 ? 1.0 / sum : 0.0;
    for (int j = 0; j < n; j++) {
      d.put(base + j, d.get(base + j) * inv);
    }
  }

  /**
   * Softmax backward through attention dropout on rows {@code [start, end)}, in place on {@code
   * grad} (the gradient of the dropped-out probabilities): {@code g = dropout(g); g = P * (g -
   * rowsum(g * P))}. The mask is applied inside the same pass; rows are whole multiples of 64
   * elements only if S is, so mask bits are read per element.
   */
  static void softmaxBackward(Matrix probs, Matrix grad, Dropout dropout, int start, int end) {
    int cols = probs.cols();
    FloatBuffer pf = probs.floats();
    FloatBuffer gf = grad.floats();
    DoubleBuffer pd = probs.doubles();
    DoubleBuffer gd = grad.doubles();
    boolean masked = dropout.isActive();
    double scale = masked ? dropout.keepScale() : 1.0;
    float fscale = (float) scale;
    float[] p = pf != null ? new float[cols] : null;
    float[] g = pf != null ? new float[cols] : null;
    float[] keep = new float[64];
    float[] keepRow = new float[cols];
    for (int r = start; r < end; r++) {
      int base = r * cols;
      if (pf != null) {
        pf.get(base, p, 0, cols);
        gf.get(base, g, 0, cols);
        if (masked) {
          applyMask(dropout, base, g, g, cols, fscale, keep, keepRow);
        }
        float dot = FastMath.dot(g, p, cols);
        for (int j = 0; j < cols; j++) {
          g[j] = p[j] * (g[j] - dot);
        }
        gf.put(base, g, 0, cols);
      } else {
        if (masked) {
          maskRowDouble(gd, gd, dropout, base, cols, scale);
        }
        double dot = 0;
        for (int j = 0; j < cols; j++) {
          dot += gd.get(base + j) * pd.get(base + j);
        }
        for (int j = 0; j < cols; j++) {
          gd.put(base + j, pd.get(base + j) * (gd.get(base + j) - dot));
        }
      }
    }
  }

  /**
   * {@code out[j] = keep(base + j) ? in[j] * scale : 0} for j in [0, n), branch-free over the row's
   * keep flags (a dropped negative gradient gives -0, which no later sum tells from +0).
   */
  private static void applyMask(
      Dropout dropout,
      int base,
      float[] in,
      float[] out,
      int n,
      float scale,
      float[] keep,
      float[] keepRow) {
    dropout.keepFlags(base, n, keepRow, keep);
    for (int j = 0; j < n; j++) {
      out[j] = in[j] * keepRow[j] * scale;
    }
  }

  /** Float64 path: {@code out[i] = keep(i) ? in[i] * scale : 0} for i in [base, base + n). */
  private static void maskRowDouble(
      DoubleBuffer in, DoubleBuffer out, Dropout dropout, int base, int n, double scale) {
    for (int i = base; i < base + n; i++) {
      out.put(i, dropout.keeps(i) ? in.get(i) * scale : 0.0);
    }
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    out.addAll(projectionParameters);
    outputDense.collectParameters(out);
  }
}
