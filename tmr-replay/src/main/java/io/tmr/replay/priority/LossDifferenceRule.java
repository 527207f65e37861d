package io.tmr.replay.priority;

import io.tmr.replay.spi.PriorityRule;

/**
 * {@code loss-difference}: {@code w = |ℓ_now − ℓ_prev| + ε}, the change of the example's
 * discriminator loss since it was last trained on; examples whose loss still moves are the ones
 * the model is still learning from.
 *
 * <p>{@code ℓ_prev} is the loss recorded the last time the item was trained on: at a fresh draw
 * (recorded with {@code recordLosses}) or at the previous replay update. When no loss was ever
 * recorded, {@code ℓ_prev = 0}, so the first update falls back to {@code w = ℓ_now + ε}.
 */
public final class LossDifferenceRule implements PriorityRule {

  @Override
  public String name() {
    return "loss-difference";
  }

  @Override
  public String formula() {
    return "w = |l - l_prev| + eps (l_prev = 0 when none recorded)";
  }

  @Override
  public double weight(double loss, double previousLoss, double gradientNorm, double epsilon) {
    double previous = Double.isNaN(previousLoss) ? 0.0 : previousLoss;
    return Math.abs(loss - previous) + epsilon;
  }
}
