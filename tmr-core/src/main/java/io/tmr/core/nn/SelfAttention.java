package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.FastMath;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import io.tmr.core.tensor.ScratchArrays;
import io.tmr.core.tensor.SmallGemm;
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
 * it. Softmax subtracts the row maximum over real keys and gives padding keys probability exactly 0
 * (the limit of an additive -infinity mask); a sequence with no real key gets all-zero rows. Only
 * the probability matrix itself is kept per layer ([B*heads*S, S], for backward). Backward
 * recomputes the dropped-out probabilities from the kept ones and attention dropout's mask bits
 * with the same float operations as forward, so they are the same bits.
 *
 * <p>Float32 runs one task per sequence: its [S, 3H] rows of the projection are copied into a heap
 * block (rows padded, {@link #ROW_PAD}), and every head's products run on it through {@link
 * SmallGemm} (one head's K or V transposed first, for the one product that needs it so), with the
 * softmax on the [S, S] scores in the same heap block; the context rows (forward) or the [S, 3H]
 * projection gradients (backward) are written back at the end. At shape B this took the per-head
 * products from 75 to about 150 GFLOP/s on one thread: OpenBLAS on 2 MFLOP products with strided
 * operands spent most of its time packing and in the call, and per-head copies of 64-float row
 * pieces out of the off-heap matrix cost 0.7 ns per float (2026-12-03, Intel Xeon with AVX-512).
 *
 * <p>Float64 (gradient checks) runs one task per (sequence, head) with OpenBLAS products directly
 * on sub-blocks of the fused {@code [tokens, 3H]} projection via offsets and leading dimensions;
 * each task's raw scores, score gradients and dropped-out probabilities live in one [S, S] block
 * pair per thread ({@link HeadScratch}), which stays in cache from task to task.
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

  /**
   * Floats added to each row of a sequence's heap blocks ({@link SequenceArrays}): with rows of 3H
   * or H floats (multiples of 1 KB), the rows a product reads fall into the same few L1 sets; a
   * sequence's per-head products at shape B ran 25 % slower unpadded (2026-12-03).
   */
  private static final int ROW_PAD = 16;

  /** The softmax kernels' row arrays, reused on each thread. */
  private static final ScratchArrays ROWS = new ScratchArrays(4);

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
    boolean drop = attentionDropout.isActive();
    context.resize(batch * seq, hidden);
    if (!probs.isDouble()) {
      // One task per sequence: its rows of the projection copied once into a heap block, every
      // head's products and softmax on them in cache, its context rows written back at the end.
      Blas.independent(
          batch,
          heads * 4L * seq * seq * headDim,
          heads * (4L * seq * seq * headDim + SOFTMAX_WORK * seq * seq),
          b -> sequenceForwardFloat(b, seq, drop));
      return outputDense.forward(context);
    }
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
          HeadScratch scratch = HeadScratch.of(probs.dataType(), seq);
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
              scratch.block,
              0,
              seq);
          long ts = sectionStart();
          maskedSoftmaxDouble(
              scratch.block, probs, p, drop ? scratch.dropped : null, attentionDropout, mask, b);
          sectionEnd("softmax", ts);
          Blas.gemm(
              false,
              false,
              seq,
              headDim,
              seq,
              1.0,
              drop ? scratch.dropped : probs,
              drop ? 0 : p,
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
    return projection.backward(backwardToProjection(dOut, null));
  }

  /** As {@link #backward} but adds the input gradient into {@code inputGradTarget}. */
  public void backwardAccumulating(Matrix dOut, Matrix inputGradTarget) {
    backwardAccumulating(dOut, inputGradTarget, null);
  }

  /**
   * As {@link #backwardAccumulating(Matrix, Matrix)}, with {@code dOut}'s column sums (the output
   * projection's bias gradient) computed by the pass that produced dOut, or null.
   */
  void backwardAccumulating(Matrix dOut, Matrix inputGradTarget, ColumnSums dOutSums) {
    projection.backwardAccumulating(backwardToProjection(dOut, dOutSums), inputGradTarget);
  }

  /** Backward down to the gradient of the fused QKV projection output. */
  private Matrix backwardToProjection(Matrix dOut, ColumnSums dOutSums) {
    checkState(mask != null, "backward before forward");
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    Matrix dContext = outputDense.backward(dOut, dOutSums);
    boolean drop = attentionDropout.isActive();
    Matrix dQkv = workspace.matrix("attention.qkvGradients");
    dQkv.resize(batch * seq, 3 * hidden);
    if (!probs.isDouble()) {
      // One task per sequence, as in forward.
      Blas.independent(
          batch,
          heads * 8L * seq * seq * headDim,
          heads * (8L * seq * seq * headDim + SOFTMAX_BACKWARD_WORK * seq * seq),
          b -> sequenceBackwardFloat(b, seq, drop, dContext, dQkv));
      return dQkv;
    }
    // One task per (sequence, head), as in forward: the softmax backward runs on the block that the
    // first product just wrote, and recomputes the dropped-out probabilities for the second.
    Blas.independent(
        batch * heads,
        8L * seq * seq * headDim,
        8L * seq * seq * headDim + SOFTMAX_BACKWARD_WORK * seq * seq,
        i -> {
          int b = i / heads;
          int h = i % heads;
          long p = probsOffset(b, h, seq);
          long c = contextOffset(b, h, seq);
          HeadScratch scratch = HeadScratch.of(probs.dataType(), seq);
          Matrix dScores = scratch.block;
          // dP_dropped = dContext V^T
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
              0,
              seq);
          long ts = sectionStart();
          softmaxBackwardDouble(probs, p, dScores, drop ? scratch.dropped : null, attentionDropout);
          sectionEnd("softmax backward", ts);
          // dV = P_dropped^T dContext
          Blas.gemm(
              true,
              false,
              seq,
              headDim,
              seq,
              1.0,
              drop ? scratch.dropped : probs,
              drop ? 0 : p,
              seq,
              dContext,
              c,
              hidden,
              0.0,
              dQkv,
              valueOffset(b, h, seq),
              3 * hidden);
          // scores = scale Q K^T: dQ = scale dS K ; dK = scale dS^T Q
          Blas.gemm(
              false,
              false,
              seq,
              headDim,
              seq,
              scale,
              dScores,
              0,
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
              0,
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
   * The float32 forward of one sequence: its [S, 3H] rows of the projection copied into a heap
   * block, one bulk copy per row (rows padded by {@link #ROW_PAD}); per head, K transposed out of
   * it, both products through {@link SmallGemm} reading Q and V in place, the softmax on the scores
   * in the same heap block; the [S, H] context rows written back, one bulk copy per row.
   */
  private void sequenceForwardFloat(int b, int seq, boolean drop) {
    int d = headDim;
    int stride = 3 * hidden;
    int ld = stride + ROW_PAD;
    int ldc = hidden + ROW_PAD;
    SequenceArrays w = SequenceArrays.of(seq, hidden, d);
    FloatBuffer qkvf = qkv.floats();
    for (int r = 0; r < seq; r++) {
      qkvf.get((b * seq + r) * stride, w.qkv, r * ld, stride);
    }
    FloatBuffer pf = probs.floats();
    float fscale = (float) scale;
    boolean[] real = mask.realTokens(b) == seq ? null : realKeys(mask, b);
    for (int h = 0; h < heads; h++) {
      transpose(w.qkv, hidden + h * d, ld, w.transposed, seq, d);
      SmallGemm.multiply(
          false, seq, seq, d, fscale, w.qkv, h * d, ld, w.transposed, 0, seq, w.s, 0, seq);
      long ts = sectionStart();
      maskedSoftmaxFloat(
          w.s,
          pf,
          Math.toIntExact(probsOffset(b, h, seq)),
          drop ? w.dropped : null,
          attentionDropout,
          real,
          seq);
      sectionEnd("softmax", ts);
      SmallGemm.multiply(
          false,
          seq,
          d,
          seq,
          1f,
          drop ? w.dropped : w.s,
          0,
          seq,
          w.qkv,
          2 * hidden + h * d,
          ld,
          w.context,
          h * d,
          ldc);
    }
    FloatBuffer cf = context.floats();
    for (int r = 0; r < seq; r++) {
      cf.put((b * seq + r) * hidden, w.context, r * ldc, hidden);
    }
  }

  /**
   * The float32 backward of one sequence, as {@link #sequenceForwardFloat}: its projection rows and
   * context-gradient rows copied in; per head, V transposed, the four products through {@link
   * SmallGemm}, the softmax backward on the score gradients in place; the sequence's [S, 3H] rows
   * of {@code dQkv} written back.
   */
  private void sequenceBackwardFloat(int b, int seq, boolean drop, Matrix dContext, Matrix dQkv) {
    int d = headDim;
    int stride = 3 * hidden;
    int ld = stride + ROW_PAD;
    int ldc = hidden + ROW_PAD;
    SequenceArrays w = SequenceArrays.of(seq, hidden, d);
    FloatBuffer qkvf = qkv.floats();
    FloatBuffer dcf = dContext.floats();
    for (int r = 0; r < seq; r++) {
      qkvf.get((b * seq + r) * stride, w.qkv, r * ld, stride);
      dcf.get((b * seq + r) * hidden, w.context, r * ldc, hidden);
    }
    FloatBuffer pf = probs.floats();
    float fscale = (float) scale;
    for (int h = 0; h < heads; h++) {
      int q = h * d;
      int k = hidden + h * d;
      int v = 2 * hidden + h * d;
      transpose(w.qkv, v, ld, w.transposed, seq, d);
      // dP_dropped = dContext V^T
      SmallGemm.multiply(
          false, seq, seq, d, 1f, w.context, q, ldc, w.transposed, 0, seq, w.s, 0, seq);
      long ts = sectionStart();
      // Without dropout, the probabilities themselves are copied into w.dropped for dV.
      softmaxBackwardFloat(
          pf, Math.toIntExact(probsOffset(b, h, seq)), w.s, w.dropped, attentionDropout, seq);
      sectionEnd("softmax backward", ts);
      // dV = P_dropped^T dContext
      SmallGemm.multiply(
          true, seq, d, seq, 1f, w.dropped, 0, seq, w.context, q, ldc, w.gradients, v, ld);
      // scores = scale Q K^T: dQ = scale dS K ; dK = scale dS^T Q
      SmallGemm.multiply(false, seq, d, seq, fscale, w.s, 0, seq, w.qkv, k, ld, w.gradients, q, ld);
      SmallGemm.multiply(true, seq, d, seq, fscale, w.s, 0, seq, w.qkv, q, ld, w.gradients, k, ld);
    }
    FloatBuffer gf = dQkv.floats();
    for (int r = 0; r < seq; r++) {
      gf.put((b * seq + r) * stride, w.gradients, r * ld, stride);
    }
  }

  /**
   * {@code to [cols, rows] = block^T}, where the [rows, cols] block starts at {@code from[offset]}
   * with leading dimension {@code ld}; eight source rows at a time (the eight stores of a step land
   * next to each other): about three times faster than writing each source row down a column of
   * {@code to} (2026-12-03).
   */
  static void transpose(float[] from, int offset, int ld, float[] to, int rows, int cols) {
    int r = 0;
    for (; r + 8 <= rows; r += 8) {
      for (int j = 0; j < cols; j++) {
        int o = j * rows + r;
        int i = offset + r * ld + j;
        to[o] = from[i];
        to[o + 1] = from[i + ld];
        to[o + 2] = from[i + 2 * ld];
        to[o + 3] = from[i + 3 * ld];
        to[o + 4] = from[i + 4 * ld];
        to[o + 5] = from[i + 5 * ld];
        to[o + 6] = from[i + 6 * ld];
        to[o + 7] = from[i + 7 * ld];
      }
    }
    for (; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        to[j * rows + r] = from[offset + r * ld + j];
      }
    }
  }

  /**
   * Float32 softmax of one (sequence, head) block over real keys (padding keys get 0): {@code
   * scores [S, S]} holds the raw scores on entry and the probabilities on return, which are also
   * written into {@code probs} at {@code probsBase} (row length S); when dropout is active, the
   * dropped-out, rescaled probabilities go into {@code dropped [S, S]} in the same pass (else
   * {@code dropped} is null). Dropout's mask is indexed by the element's position in {@code probs}.
   * {@code real} flags the sequence's real keys, or is null when all S are real.
   */
  static void maskedSoftmaxFloat(
      float[] scores,
      FloatBuffer probs,
      int probsBase,
      float[] dropped,
      Dropout dropout,
      boolean[] real,
      int seq) {
    boolean drop = dropped != null;
    checkArgument(drop == dropout.isActive(), "dropped block given iff dropout is active");
    float fscale = (float) dropout.keepScale();
    float[] row = ROWS.floats(0, seq);
    float[] out = ROWS.floats(1, seq);
    float[] scratch = ROWS.floats(2, seq);
    float[] keepRow = ROWS.floats(3, seq);
    for (int r = 0; r < seq; r++) {
      int base = r * seq;
      System.arraycopy(scores, base, row, 0, seq);
      float inv = softmaxRowFloat(row, seq, real, scratch);
      if (drop) {
        scaleAndMask(dropout, probsBase + base, row, out, seq, inv, fscale, keepRow);
        System.arraycopy(out, 0, dropped, base, seq);
      } else {
        for (int j = 0; j < seq; j++) {
          row[j] *= inv;
        }
      }
      System.arraycopy(row, 0, scores, base, seq);
      probs.put(probsBase + base, row, 0, seq);
    }
  }

  /**
   * Float64 softmax of one (sequence, head) block, as {@link #maskedSoftmaxFloat}: reads the raw
   * scores {@code scores [S, S]} (offset 0) and writes the probabilities into {@code probs} at
   * {@code probsOffset}, the dropped-out ones into {@code dropped [S, S]} when dropout is active.
   */
  static void maskedSoftmaxDouble(
      Matrix scores,
      Matrix probs,
      long probsOffset,
      Matrix dropped,
      Dropout dropout,
      AttentionMask mask,
      int example) {
    int seq = mask.seqLen();
    int pbase = Math.toIntExact(probsOffset);
    boolean drop = dropped != null;
    checkArgument(drop == dropout.isActive(), "dropped block given iff dropout is active");
    boolean[] real = realKeys(mask, example);
    DoubleBuffer sd = scores.doubles();
    DoubleBuffer pd = probs.doubles();
    double dscale = dropout.keepScale();
    for (int r = 0; r < seq; r++) {
      int base = pbase + r * seq;
      for (int j = 0; j < seq; j++) {
        pd.put(base + j, sd.get(r * seq + j));
      }
      maskedSoftmaxRowDouble(pd, base, seq, real);
      if (drop) {
        maskRowDouble(pd, base, dropped.doubles(), r * seq, dropout, base, seq, dscale);
      }
    }
  }

  private static boolean[] realKeys(AttentionMask mask, int example) {
    int seq = mask.seqLen();
    boolean[] real = new boolean[seq];
    for (int j = 0; j < seq; j++) {
      real[j] = mask.isReal(example, j);
    }
    return real;
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
      float[] keepRow) {
    // The flags of the row (on the 64-element word grid or not: fine-tuning batches are padded to
    // their longest sequence), then one branch-free pass. p >= 0, so a dropped p gives +0.
    dropout.keepFlags(base, n, keepRow);
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
   * Float32 softmax backward of one (sequence, head) block through attention dropout, in place on
   * {@code grad [S, S]} (on entry the gradient of the dropped-out probabilities): {@code g =
   * dropout(g); g = P * (g - rowsum(g * P))}, with P the block of {@code probs} at {@code
   * probsBase}. Writes into {@code pOut [S, S]} the probabilities that the context product used:
   * the dropped-out ones when dropout is active, recomputed with forward's float operations (so
   * forward's bits), else P itself. The mask is applied in the same pass; rows are whole multiples
   * of 64 elements only if S is, so mask bits are read per element.
   */
  static void softmaxBackwardFloat(
      FloatBuffer probs, int probsBase, float[] grad, float[] pOut, Dropout dropout, int seq) {
    boolean masked = dropout.isActive();
    float fscale = (float) dropout.keepScale();
    float[] p = ROWS.floats(0, seq);
    float[] g = ROWS.floats(1, seq);
    float[] d = ROWS.floats(2, seq);
    float[] keepRow = ROWS.floats(3, seq);
    for (int r = 0; r < seq; r++) {
      int base = r * seq;
      probs.get(probsBase + base, p, 0, seq);
      System.arraycopy(grad, base, g, 0, seq);
      if (masked) {
        dropout.keepFlags(probsBase + base, seq, keepRow);
        for (int j = 0; j < seq; j++) {
          // Forward's expressions: the dropped probability, and the masked gradient (a dropped
          // negative gradient gives -0, which no later sum tells from +0).
          d[j] = p[j] * keepRow[j] * fscale;
          g[j] = g[j] * keepRow[j] * fscale;
        }
        System.arraycopy(d, 0, pOut, base, seq);
      } else {
        System.arraycopy(p, 0, pOut, base, seq);
      }
      float dot = FastMath.dot(g, p, seq);
      for (int j = 0; j < seq; j++) {
        g[j] = p[j] * (g[j] - dot);
      }
      System.arraycopy(g, 0, grad, base, seq);
    }
  }

  /**
   * Float64 softmax backward, as {@link #softmaxBackwardFloat} on {@code grad [S, S]} (offset 0),
   * writing the dropped-out probabilities into {@code dropped} when dropout is active (else null).
   */
  static void softmaxBackwardDouble(
      Matrix probs, long probsOffset, Matrix grad, Matrix dropped, Dropout dropout) {
    int cols = grad.cols();
    int pbase = Math.toIntExact(probsOffset);
    boolean masked = dropped != null;
    checkArgument(masked == dropout.isActive(), "dropped block given iff dropout is active");
    double scale = masked ? dropout.keepScale() : 1.0;
    DoubleBuffer pd = probs.doubles();
    DoubleBuffer gd = grad.doubles();
    for (int r = 0; r < grad.rows(); r++) {
      int base = r * cols;
      if (masked) {
        maskRowDouble(
            pd, pbase + base, dropped.doubles(), base, dropout, pbase + base, cols, scale);
        maskRowDouble(gd, base, gd, base, dropout, pbase + base, cols, scale);
      }
      double dot = 0;
      for (int j = 0; j < cols; j++) {
        dot += gd.get(base + j) * pd.get(pbase + base + j);
      }
      for (int j = 0; j < cols; j++) {
        gd.put(base + j, pd.get(pbase + base + j) * (gd.get(base + j) - dot));
      }
    }
  }

  /**
   * Float64 path: {@code out[outBase + j] = keep(maskBase + j) ? in[inBase + j] * scale : 0} for j
   * in [0, n).
   */
  private static void maskRowDouble(
      DoubleBuffer in,
      int inBase,
      DoubleBuffer out,
      int outBase,
      Dropout dropout,
      int maskBase,
      int n,
      double scale) {
    for (int j = 0; j < n; j++) {
      out.put(outBase + j, dropout.keeps(maskBase + j) ? in.get(inBase + j) * scale : 0.0);
    }
  }

  /**
   * A thread's [S, S] blocks for the (sequence, head) task it runs: {@code block} holds the raw
   * scores in forward and the score gradients in backward, {@code dropped} the dropped-out
   * probabilities. Reused by every task and layer on that thread, so they stay in cache.
   */
  private static final class HeadScratch {
    private static final ThreadLocal<HeadScratch> PER_THREAD =
        ThreadLocal.withInitial(HeadScratch::new);

    private DataType dataType;
    private Matrix block;
    private Matrix dropped;

    /** This thread's blocks, of the given type and resized to {@code [seq, seq]}. */
    static HeadScratch of(DataType dataType, int seq) {
      HeadScratch s = PER_THREAD.get();
      if (s.dataType != dataType) {
        s.dataType = dataType;
        s.block = Matrix.empty(dataType);
        s.dropped = Matrix.empty(dataType);
      }
      s.block.resize(seq, seq);
      s.dropped.resize(seq, seq);
      return s;
    }
  }

  /**
   * A thread's heap blocks for the float32 sequence task it runs: the sequence's projection rows
   * [S, 3H], its context (forward) or context-gradient (backward) rows [S, H], its projection
   * gradients [S, 3H], one head's K or V transposed [d, S], the [S, S] scores (probabilities after
   * the softmax; score gradients in backward) and the probabilities the context product used.
   * Reused by every task and layer on that thread, so they stay in cache; they grow and stay grown
   * (fine-tuning batches vary in length).
   */
  private static final class SequenceArrays {
    private static final ThreadLocal<SequenceArrays> PER_THREAD =
        ThreadLocal.withInitial(SequenceArrays::new);

    private float[] qkv = new float[0];
    private float[] gradients = new float[0];
    private float[] context = new float[0];
    private float[] transposed = new float[0];
    private float[] s = new float[0];
    private float[] dropped = new float[0];

    /**
     * This thread's blocks, large enough for {@code seq} tokens, {@code hidden} and head size d.
     */
    static SequenceArrays of(int seq, int hidden, int d) {
      SequenceArrays a = PER_THREAD.get();
      if (a.qkv.length < seq * (3 * hidden + ROW_PAD)) {
        a.qkv = new float[seq * (3 * hidden + ROW_PAD)];
        a.gradients = new float[seq * (3 * hidden + ROW_PAD)];
        a.context = new float[seq * (hidden + ROW_PAD)];
      }
      if (a.transposed.length < seq * d) {
        a.transposed = new float[seq * d];
      }
      if (a.s.length < seq * seq) {
        a.s = new float[seq * seq];
        a.dropped = new float[seq * seq];
      }
      return a;
    }
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    out.addAll(projectionParameters);
    outputDense.collectParameters(out);
  }
}
