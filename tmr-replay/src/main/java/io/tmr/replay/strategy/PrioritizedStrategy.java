package io.tmr.replay.strategy;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.sampling.ProportionalSampler;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;

/** {@code prioritized}: proportional prioritized replay over a sum tree. */
public final class PrioritizedStrategy implements ReplayStrategy {

  @Override
  public String name() {
    return "prioritized";
  }

  @Override
  public String description() {
    return "P(i) = w_i^alpha / sum_k w_k^alpha (sum tree); eviction per replay.eviction";
  }

  @Override
  public SamplingPolicy newSampler(ReplayConfig config) {
    return new ProportionalSampler(config);
  }
}
