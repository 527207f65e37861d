package io.tmr.replay.priority;

import io.tmr.replay.spi.PriorityRule;

/**
 * {@code gradient-norm}: {@code w = ‖∇θ ℓ_i‖ + ε}. The per-example norms are computed by the
 * trainer and passed with the losses; the buffer refuses an update without them.
 */
public final class GradientNormRule implements PriorityRule {

  @Override
  public String name() {
    return "gradient-norm";
  }

  @Override
  public String formula() {
    return "w = |grad l| + eps";
  }

  @Override
  public boolean requiresGradientNorms() {
    return true;
  }

  @Override
  public double weight(double loss, double previousLoss, double gradientNorm, double epsilon) {
    return gradientNorm + epsilon;
  }
}
