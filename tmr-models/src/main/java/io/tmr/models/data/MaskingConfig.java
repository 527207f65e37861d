package io.tmr.models.data;

import com.google.common.base.Preconditions;

/**
 * ELECTRA's masking.
 *
 * @param maskProb share of tokens selected for prediction [0.15]
 * @param maxPredictions at most this many per sequence [round(0.15 × L) = 19 at L = 128]
 * @param maskTokenProb share of selected positions replaced by {@code [MASK]}; the rest keep their
 *     token [0.85]
 */
public record MaskingConfig(double maskProb, int maxPredictions, double maskTokenProb) {
  public MaskingConfig {
    Preconditions.checkArgument(
        maskProb > 0 && maskProb < 1, "maskProb %s outside (0, 1)", maskProb);
    Preconditions.checkArgument(maxPredictions >= 1, "maxPredictions must be >= 1");
    Preconditions.checkArgument(
        maskTokenProb >= 0 && maskTokenProb <= 1, "maskTokenProb %s outside [0, 1]", maskTokenProb);
  }

  public static MaskingConfig electra(int seqLength) {
    return new MaskingConfig(0.15, (int) Math.round(0.15 * seqLength), 0.85);
  }
}
