package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.FastMath;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Parallel;
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
 * <p>Query, key and value weights are row blocks of one fused {@code [3H, H]} matrix (and one
 * fused bias), so the projection is a single GEMM with N = 3H; the three named parameters are views
 * into it. Scores are computed per (sequence, head) by GEMM directly on sub-blocks of the fused
 * {@code [tokens, 3H]} projection via offsets and leading dimensions: no head is copied out.
 * Softmax subtracts the row maximum over real keys and gives padding keys probability exactly 0
 * (the limit of an additive -infinity mask); a sequence with no real key gets all-zero rows.
 * Attention dropout's mask is kept as bits and the dropped probabilities are recomputed into
 * shared scratch in backward, so the only per-layer [B*heads*S, S] buffer kept is the probability
 * matrix itself.
 */
public final class SelfAttention implements Module {
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
          new Parameter(name + ".self." + parts[p] + ".bias", b.get(rowsIdx), bGrad.get(rowsIdx), false, depth);
    }
    this.projectionParameters = List.of(named);
    this.fusedWeight = new Parameter(name + ".self.qkv.weight(fused)", w, wGrad, true, depth);
    this.fusedBias = new Parameter(name + ".self.qkv.bias(fused)", b, bGrad, false, depth);
    this.projection = Linear.tied(fusedWeight, fusedBias);
    this.outputDense =
        Linear.create(name + ".output.dense", hidden, hidden, true, depth, dataType, initRandom, initStd);
    this.attentionDropout = new Dropout(attentionDropoutProbability);
    this.probs = Matrix.empty(dataType);
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
    checkArgument(x.rows() == mask.tokens() && x.cols() == hidden, "input %s does not match mask", x);
    this.mask = mask;
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    qkv = projection.forward(x);
    probs.resize(batch * heads * seq, seq);
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        Blas.gemm(false, true, seq, seq, headDim, scale,
            qkv, queryOffset(b, h, seq), 3 * hidden,
            qkv, keyOffset(b, h, seq), 3 * hidden,
            0.0, probs, probsOffset(b, h, seq), seq);
      }
    }
    maskedSoftmax(probs, mask, heads);
    attentionDropout.sample(ctx, probs.size());
    Matrix dropped = droppedProbabilities();
    context.resize(batch * seq, hidden);
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        Blas.gemm(false, false, seq, headDim, seq, 1.0,
            dropped, probsOffset(b, h, seq), seq,
            qkv, valueOffset(b, h, seq), 3 * hidden,
            0.0, context, contextOffset(b, h, seq), hidden);
      }
    }
    return outputDense.forward(context);
  }

  /** Attention probabilities of the last forward, rows ordered (sequence, head, query). */
  public Matrix probabilities() {
    return probs;
  }

  private Matrix droppedProbabilities() {
    if (!attentionDropout.isActive()) {
      return probs;
    }
    Matrix dropped = workspace.matrix("attention.droppedProbabilities");
    attentionDropout.apply(probs, dropped);
    return dropped;
  }

  /** Accumulates parameter gradients for {@code dOut [B*S, H]}; returns the input gradient. */
  public Matrix backward(Matrix dOut) {
    checkState(mask != null, "backward before forward");
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    Matrix dContext = outputDense.backward(dOut);
    Matrix dropped = droppedProbabilities();
    Matrix dScores = workspace.matrix("attention.scoreGradients");
    dScores.resize(probs.rows(), seq);
    Matrix dQkv = workspace.matrix("attention.qkvGradients");
    dQkv.resize(batch * seq, 3 * hidden);
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        long p = probsOffset(b, h, seq);
        long c = contextOffset(b, h, seq);
        // dP_dropped = dContext V^T ; dV = P_dropped^T dContext
        Blas.gemm(false, true, seq, seq, headDim, 1.0,
            dContext, c, hidden, qkv, valueOffset(b, h, seq), 3 * hidden, 0.0, dScores, p, seq);
        Blas.gemm(true, false, seq, headDim, seq, 1.0,
            dropped, p, seq, dContext, c, hidden, 0.0, dQkv, valueOffset(b, h, seq), 3 * hidden);
      }
    }
    attentionDropout.apply(dScores, dScores);
    softmaxBackward(probs, dScores);
    for (int b = 0; b < batch; b++) {
      for (int h = 0; h < heads; h++) {
        long p = probsOffset(b, h, seq);
        // scores = scale Q K^T: dQ = scale dS K ; dK = scale dS^T Q
        Blas.gemm(false, false, seq, headDim, seq, scale,
            dScores, p, seq, qkv, keyOffset(b, h, seq), 3 * hidden, 0.0, dQkv, queryOffset(b, h, seq), 3 * hidden);
        Blas.gemm(true, false, seq, headDim, seq, scale,
            dScores, p, seq, qkv, queryOffset(b, h, seq), 3 * hidden, 0.0, dQkv, keyOffset(b, h, seq), 3 * hidden);
      }
    }
    return projection.backward(dQkv);
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
   * Row-wise softmax of {@code scores [B*heads*S, S]} in place over real keys; padding keys get 0.
   */
  static void maskedSoftmax(Matrix scores, AttentionMask mask, int heads) {
    int seq = mask.seqLen();
    int rowsPerExample = heads * seq;
    FloatBuffer f = scores.floats();
    DoubleBuffer d = scores.doubles();
    Parallel.forChunks(
        scores.rows(),
        4L * seq,
        (chunk, start, end) -> {
          for (int r = start; r < end; r++) {
            int example = r / rowsPerExample;
            int keyBase = example * seq;
            int base = r * seq;
            if (f != null) {
              float max = Float.NEGATIVE_INFINITY;
              for (int j = 0; j < seq; j++) {
                if (mask.isReal(keyBase + j)) {
                  max = Math.max(max, f.get(base + j));
                }
              }
              float sum = 0f;
              for (int j = 0; j < seq; j++) {
                float e = mask.isReal(keyBase + j) ? FastMath.expf(f.get(base + j) - max) : 0f;
                f.put(base + j, e);
                sum += e;
              }
              float inv = sum > 0f ? 1f / sum : 0f;
              for (int j = 0; j < seq; j++) {
                f.put(base + j, f.get(base + j) * inv);
              }
            } else {
              double max = Double.NEGATIVE_INFINITY;
              for (int j = 0; j < seq; j++) {
                if (mask.isReal(keyBase + j)) {
                  max = Math.max(max, d.get(base + j));
                }
              }
              double sum = 0;
              for (int j = 0; j < seq; j++) {
                double e = mask.isReal(keyBase + j) ? Math.exp(d.get(base + j) - max) : 0.0;
                d.put(base + j, e);
                sum += e;
              }
              double inv = sum > 0 ? 1.0 / sum : 0.0;
              for (int j = 0; j < seq; j++) {
                d.put(base + j, d.get(base + j) * inv);
              }
            }
          }
        });
  }

  /** {@code grad = P * (grad - rowsum(grad * P))} in place: softmax backward per row. */
  static void softmaxBackward(Matrix probs, Matrix grad) {
    int cols = probs.cols();
    Parallel.forChunks(
        probs.rows(),
        3L * cols,
        (chunk, start, end) -> {
          for (int r = start; r < end; r++) {
            int base = r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
              dot += grad.get(base + j) * probs.get(base + j);
            }
            for (int j = 0; j < cols; j++) {
              double p = probs.get(base + j);
              grad.set(base + j, p * (grad.get(base + j) - dot));
            }
          }
        });
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    out.addAll(projectionParameters);
    outputDense.collectParameters(out);
  }
}
