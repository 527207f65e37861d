package io.tmr.replay.strategy;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.sampling.FifoSampler;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;

/** {@code fifo}: reads items in insertion order, cycling; a queue with replay.maxReplays=1. */
public final class FifoStrategy implements ReplayStrategy {

  @Override
  public String name() {
    return "fifo";
  }

  @Override
  public String description() {
    return "next n items in insertion order, wrapping; probability 1 per row";
  }

  @Override
  public SamplingPolicy newSampler(ReplayConfig config) {
    return new FifoSampler();
  }
}
