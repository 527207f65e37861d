package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Matrix;

/**
 * Per-token sigmoid binary cross-entropy for the discriminator, {@code bce(z, y) = max(z, 0) - z y
 * + log(1 + e^-|z|)} (stable for any z), over real (non-padding) tokens only.
 *
 * <p>Returned values:
 *
 * <ul>
 *   <li>batch loss {@code sum_b w_b sum_{t in b, real} bce_t / N_real}: with unit weights this is
 *       ELECTRA's mean over real tokens; an importance weight w_b scales example b's token terms.
 *   <li>per-example loss {@code L_b = sum_{t in b, real} bce_t / n_b} (unweighted; 0 if n_b = 0),
 *       the value replay strategies store and compare.
 * </ul>
 *
 * <p>Backward returns {@code dL/dz_t = scale * w_b (sigmoid(z_t) - y_t) / N_real} on real tokens
 * and 0 on padding.
 */
public final class SigmoidBinaryCrossEntropy {
  private final Matrix gradient;
  private Matrix logits;
  private int[] labels;
  private AttentionMask mask;
  private double[] weights;
  private double[] perExample = new double[0];
  private double loss;
  private double unweightedLoss;

  public SigmoidBinaryCrossEntropy(org.nd4j.linalg.api.buffer.DataType dataType) {
    this.gradient = Matrix.empty(dataType);
  }

  /**
   * @param logits {@code [B*S, 1]} (any shape with B*S elements)
   * @param labels 0/1 per token (1 = replaced), length B*S
   * @param mask which tokens are real
   * @param exampleWeights length B, or null for all 1
   * @return the weighted batch loss
   */
  public double forward(Matrix logits, int[] labels, AttentionMask mask, double[] exampleWeights) {
    int tokens = mask.tokens();
    checkArgument(logits.size() == tokens, "%s logits for %s tokens", logits.size(), tokens);
    checkArgument(labels.length == tokens, "%s labels for %s tokens", labels.length, tokens);
    int batch = mask.batchSize();
    checkArgument(
        exampleWeights == null || exampleWeights.length == batch, "need %s weights", batch);
    this.logits = logits;
    this.labels = labels;
    this.mask = mask;
    this.weights = exampleWeights;
    if (perExample.length != batch) {
      perExample = new double[batch];
    }
    int seq = mask.seqLen();
    double total = 0;
    double unweighted = 0;
    for (int b = 0; b < batch; b++) {
      double sum = 0;
      for (int s = 0; s < seq; s++) {
        int t = b * seq + s;
        if (mask.isReal(t)) {
          int y = labels[t];
          checkArgument(y == 0 || y == 1, "label %s is not 0/1", y);
          double z = logits.get(t);
          sum += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        }
      }
      int n = mask.realTokens(b);
      perExample[b] = n == 0 ? 0.0 : sum / n;
      total += weight(b) * sum;
      unweighted += sum;
    }
    int real = mask.realTokens();
    loss = real == 0 ? 0.0 : total / real;
    unweightedLoss = real == 0 ? 0.0 : unweighted / real;
    return loss;
  }

  private double weight(int b) {
    return weights == null ? 1.0 : weights[b];
  }

  public double loss() {
    return loss;
  }

  /**
   * The batch loss of the last forward without example weights (ELECTRA's mean over real tokens).
   */
  public double unweightedLoss() {
    return unweightedLoss;
  }

  /** Unweighted mean loss of each example over its real tokens (a copy). */
  public double[] perExampleLoss() {
    return perExample.clone();
  }

  /** {@code scale * dLoss/dlogits}, shaped like the logits; belongs to this loss. */
  public Matrix backward(double scale) {
    checkState(logits != null, "backward before forward");
    gradient.resize(logits.rows(), logits.cols());
    int seq = mask.seqLen();
    int real = mask.realTokens();
    for (int t = 0; t < mask.tokens(); t++) {
      double g = 0;
      if (mask.isReal(t) && real > 0) {
        double z = logits.get(t);
        double sig = z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
        g = scale * weight(t / seq) * (sig - labels[t]) / real;
      }
      gradient.set(t, g);
    }
    return gradient;
  }

  /**
   * For each example b, the L2 norm of {@code d L_b / d logits} where L_b is its unweighted
   * per-example loss: the output-layer gradient-norm bound used by gradient-norm replay weighting.
   */
  public double[] perExampleLogitGradientNorms() {
    checkState(logits != null, "call forward first");
    int batch = mask.batchSize();
    int seq = mask.seqLen();
    double[] out = new double[batch];
    for (int b = 0; b < batch; b++) {
      int n = mask.realTokens(b);
      if (n == 0) {
        continue;
      }
      double sq = 0;
      for (int s = 0; s < seq; s++) {
        int t = b * seq + s;
        if (mask.isReal(t)) {
          double z = logits.get(t);
          double sig = z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
          double g = (sig - labels[t]) / n;
          sq += g * g;
        }
      }
      out[b] = Math.sqrt(sq);
    }
    return out;
  }
}
