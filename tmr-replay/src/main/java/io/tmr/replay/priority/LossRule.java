package io.tmr.replay.priority;

import io.tmr.replay.spi.PriorityRule;

/** {@code loss}: {@code w = ℓ + ε}; hard examples (high discriminator loss) are replayed more. */
public final class LossRule implements PriorityRule {

  @Override
  public String name() {
    return "loss";
  }

  @Override
  public String formula() {
    return "w = l + eps";
  }

  @Override
  public double weight(double loss, double previousLoss, double gradientNorm, double epsilon) {
    return loss + epsilon;
  }
}
