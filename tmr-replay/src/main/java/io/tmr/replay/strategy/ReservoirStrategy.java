package io.tmr.replay.strategy;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.ReplayOptions;
import io.tmr.replay.sampling.UniformSampler;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;

/**
 * {@code reservoir}: Algorithm R storage (a uniform random subset of the whole stream) with uniform
 * draws. The storage policy is the strategy itself: {@code replay.eviction} must be left at its
 * default ({@code fifo}, which here means "the strategy's own") or set to {@code reservoir}; {@code
 * min-weight} or any other explicit choice is rejected.
 */
public final class ReservoirStrategy implements ReplayStrategy {

  @Override
  public String name() {
    return "reservoir";
  }

  @Override
  public String description() {
    return "Algorithm R storage (each of n offered items kept with probability k/n), uniform draws";
  }

  @Override
  public SamplingPolicy newSampler(ReplayConfig config) {
    return new UniformSampler(config);
  }

  @Override
  public String eviction(ReplayConfig config) {
    String e = config.eviction();
    if (!e.equals(ReplayOptions.EVICTION.defaultValue()) && !e.equals("reservoir")) {
      throw new IllegalArgumentException(
          "replay.strategy=reservoir defines its own eviction"
              + " (Algorithm R); replay.eviction="
              + e
              + " conflicts with it: leave replay.eviction"
              + " unset or set it to reservoir");
    }
    return "reservoir";
  }
}
