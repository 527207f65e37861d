package io.tmr.replay.priority;

import io.tmr.replay.spi.PriorityRule;

/**
 * {@code loss-difference}: {@code w = |ℓ_now − ℓ_prev| + ε}, the change of the example's
 * discriminator loss since it was last trained on; examples whose loss still moves are the ones the
 * model is still learning from.
 *
 * <p>{@code ℓ_prev} is the loss recorded the last time the item was trained on: at its fresh use or
 * at the previous replay update. The difference needs two measurements: at an item's first training
 * use there is none to compare with, so the rule is not defined ({@code NaN}), the loss is recorded
 * and the item keeps its entry priority. Every weight the rule produces is therefore a change
 * between two training uses — one scale for first and later replays (earlier versions used {@code
 * ℓ_prev = 0}, which mixed the loss scale into the difference scale).
 */
public final class LossDifferenceRule implements PriorityRule {

  @Override
  public String name() {
    return "loss-difference";
  }

  @Override
  public String formula() {
    return "w = |l - l_prev| + eps (undefined at the first use: entry priority kept)";
  }

  @Override
  public double weight(double loss, double previousLoss, double gradientNorm, double epsilon) {
    return Double.isNaN(previousLoss) ? Double.NaN : Math.abs(loss - previousLoss) + epsilon;
  }
}
