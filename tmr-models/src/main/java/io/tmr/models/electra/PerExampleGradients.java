package io.tmr.models.electra;

/**
 * Per-example quantities of the discriminator step just taken, for feeds that set priorities from
 * them. Valid between the discriminator step and the optimizer update (same parameters as the
 * training forward).
 */
public interface PerExampleGradients {

  /**
   * ‖∂ℓ_b/∂logits‖ of each example of the last discriminator forward: the cheap gradient-norm
   * bound.
   */
  double[] logitGradientNormBound();

  /**
   * Each example's unweighted loss from a forward on rows {@code [0, rows)} of {@code batch}
   * without dropout; the bound above then refers to this forward.
   */
  double[] cleanLosses(CorruptedBatch batch, int rows);

  /**
   * Exact ‖∇θ ℓ_b‖ over every discriminator parameter for rows {@code [from, to)}: one backward per
   * example.
   */
  double[] exactGradientNorms(CorruptedBatch batch, int from, int to);
}
