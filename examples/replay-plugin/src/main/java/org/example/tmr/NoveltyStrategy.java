package org.example.tmr;

import io.tmr.config.ConfigKey;
import io.tmr.replay.ReplayConfig;
import io.tmr.replay.sampling.ProportionalSampler;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;
import java.util.List;

/**
 * {@code novelty}: prioritized replay that favours examples the discriminator has seen less often.
 * An item's priority is its priority-rule weight discounted by the times it was replayed, {@code
 * p_i = w_i / (1 + r_i)^d}, and it is drawn with probability {@code p_i^α / Σ_j p_j^α}. The
 * discount {@code d} is the plugin's own option {@code replay.novelty.decay} (0: plain
 * prioritized). The priority is recomputed whenever the item's weight is updated, which the TMR
 * trainer does after every replay.
 */
public final class NoveltyStrategy implements ReplayStrategy {

  /** The plugin's option: listed by {@code tmr pretrain --options}, validated, recorded. */
  public static final ConfigKey<Double> DECAY =
      ConfigKey.real(
          "replay.novelty.decay",
          1.0,
          "novelty plugin: exponent d of the replay discount, priority = weight / (1 + replays)^d (0: prioritized)",
          0,
          8);

  @Override
  public String name() {
    return "novelty";
  }

  @Override
  public String description() {
    return "P(i) ~ (w_i / (1 + replays_i)^d)^alpha: priority discounted by how often an item was replayed";
  }

  @Override
  public List<ConfigKey<?>> options() {
    return List.of(DECAY);
  }

  @Override
  public SamplingPolicy newSampler(ReplayConfig config) {
    double decay = config.get(DECAY);
    return new ProportionalSampler(config) {
      @Override
      protected double basePriority(int slot, ItemView items) {
        return items.weight(slot) / Math.pow(1 + items.replays(slot), decay);
      }
    };
  }
}
