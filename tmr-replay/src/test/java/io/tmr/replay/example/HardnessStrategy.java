package io.tmr.replay.example;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.sampling.ProportionalSampler;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;

/**
 * {@code hardness}: replays the examples the discriminator currently finds hard,
 * {@code P(i) ∝ h_i^α} with hardness {@code h_i = ℓ_i + ε}, the last loss recorded for the item,
 * whatever {@code replay.weight} says. An item without a recorded loss has hardness equal to its
 * weight (new items enter with the running maximum, so each is drawn early).
 *
 * <p>The whole plugin: this class, and the line {@code io.tmr.replay.example.HardnessStrategy} in
 * {@code META-INF/services/io.tmr.replay.spi.ReplayStrategy}.
 */
public final class HardnessStrategy implements ReplayStrategy {

  @Override
  public String name() {
    return "hardness";
  }

  @Override
  public String description() {
    return "P(i) ~ (last loss + eps)^alpha; unseen items use their weight";
  }

  @Override
  public SamplingPolicy newSampler(ReplayConfig config) {
    double epsilon = config.epsilon();
    return new ProportionalSampler(config) {
      @Override
      protected double basePriority(int slot, ItemView items) {
        float loss = items.lastLoss(slot);
        return Float.isNaN(loss) ? items.weight(slot) : loss + epsilon;
      }
    };
  }
}
