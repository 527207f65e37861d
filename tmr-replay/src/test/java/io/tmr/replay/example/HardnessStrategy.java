package io.tmr.replay.example;

import io.tmr.config.ConfigKey;
import io.tmr.replay.ReplayConfig;
import io.tmr.replay.sampling.ProportionalSampler;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;
import java.util.List;

/**
 * {@code hardness}: replays the examples the discriminator currently finds hard, {@code P(i) ∝
 * h_i^α} with hardness {@code h_i = λ·(ℓ_i + ε) + (1 − λ)·w_i}: the last loss recorded for the
 * item, mixed with its priority-rule weight by the plugin's own option {@code replay.hardness.mix}
 * (λ, default 1: hardness only). An item without a recorded loss has hardness equal to its weight
 * (new items enter at the entry priority, so each is drawn early).
 *
 * <p>The whole plugin: this class, and the line {@code io.tmr.replay.example.HardnessStrategy} in
 * {@code META-INF/services/io.tmr.replay.spi.ReplayStrategy}.
 */
public final class HardnessStrategy implements ReplayStrategy {

  /** The plugin's own option: declared here, listed, validated and recorded like the library's. */
  public static final ConfigKey<Double> MIX =
      ConfigKey.real(
          "replay.hardness.mix",
          1.0,
          "hardness plugin: weight of the last loss against the priority-rule weight in an item's hardness (1: loss only, 0: "
              + "weight only, as prioritized)",
          0,
          1);

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(MIX);
  }

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
    double mix = config.get(MIX);
    return new ProportionalSampler(config) {
      @Override
      protected double basePriority(int slot, ItemView items) {
        float loss = items.lastLoss(slot);
        double w = items.weight(slot);
        return Float.isNaN(loss) ? w : mix * (loss + epsilon) + (1 - mix) * w;
      }
    };
  }
}
