package io.tmr.replay.strategy;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.sampling.UniformSampler;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;

/** {@code uniform}: uniform draws; with the default fifo eviction, a ring buffer. */
public final class UniformStrategy implements ReplayStrategy {

  @Override
  public String name() {
    return "uniform";
  }

  @Override
  public String description() {
    return "P(i) = 1/N over the stored items; eviction per replay.eviction (ring buffer by default)";
  }

  @Override
  public SamplingPolicy newSampler(ReplayConfig config) {
    return new UniformSampler(config);
  }
}
