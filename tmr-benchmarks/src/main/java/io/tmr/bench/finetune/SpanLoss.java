package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.nn.AttentionMask;
import io.tmr.core.tensor.Matrix;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * BERT's span loss: per sequence, softmax cross-entropy of the start logits over its positions
 * against the gold start, the same for the end, averaged: {@code mean_b (CE_start + CE_end) / 2}.
 * Padding positions are left out of the softmax (BERT pads to a fixed length and lets them compete;
 * with per-batch padding their number would vary, and the model could not learn anything from
 * them).
 */
public final class SpanLoss {
  private AttentionMask mask;
  private double[] probabilities = new double[0];
  private int[] starts;
  private int[] ends;
  private Matrix gradient;

  /**
   * The mean loss for logits {@code [B*S, 2]}; {@code starts[b]}, {@code ends[b]} are gold
   * positions (0, the [CLS] token, when the window does not contain the answer).
   */
  public double forward(Matrix logits, AttentionMask mask, int[] starts, int[] ends) {
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    checkArgument(
        logits.rows() == mask.tokens() && logits.cols() == 2,
        "logits %s for %s tokens",
        logits,
        mask.tokens());
    checkArgument(
        starts.length == batch && ends.length == batch,
        "%s/%s labels for %s sequences",
        starts.length,
        ends.length,
        batch);
    this.mask = mask;
    this.starts = starts;
    this.ends = ends;
    if (probabilities.length < 2 * mask.tokens()) {
      probabilities = new double[2 * mask.tokens()];
    }
    double total = 0;
    for (int b = 0; b < batch; b++) {
      checkArgument(
          mask.isReal(b, starts[b]) && mask.isReal(b, ends[b]),
          "sequence %s: label outside its tokens",
          b);
      for (int column = 0; column < 2; column++) {
        int label = column == 0 ? starts[b] : ends[b];
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < seq; s++) {
          if (mask.isReal(b, s)) {
            max = Math.max(max, logits.get(b * seq + s, column));
          }
        }
        double sum = 0;
        for (int s = 0; s < seq; s++) {
          int i = 2 * (b * seq + s) + column;
          double e = mask.isReal(b, s) ? Math.exp(logits.get(b * seq + s, column) - max) : 0.0;
          probabilities[i] = e;
          sum += e;
        }
        for (int s = 0; s < seq; s++) {
          probabilities[2 * (b * seq + s) + column] /= sum;
        }
        total += 0.5 * (max + Math.log(sum) - logits.get(b * seq + label, column));
      }
    }
    return total / batch;
  }

  /** {@code d(scale · loss)/d logits}, zero at padding, in a matrix owned by this loss. */
  public Matrix backward(double scale, DataType dataType) {
    checkState(mask != null, "backward before forward");
    if (gradient == null || gradient.dataType() != dataType) {
      gradient = Matrix.empty(dataType);
    }
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    gradient.resize(mask.tokens(), 2);
    double factor = 0.5 * scale / batch;
    for (int b = 0; b < batch; b++) {
      for (int s = 0; s < seq; s++) {
        int row = b * seq + s;
        gradient.set(row, 0, factor * (probabilities[2 * row] - (s == starts[b] ? 1 : 0)));
        gradient.set(row, 1, factor * (probabilities[2 * row + 1] - (s == ends[b] ? 1 : 0)));
      }
    }
    return gradient;
  }
}
