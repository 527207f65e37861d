package io.tmr.replay.strategy;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.sampling.RankSampler;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;

/** {@code rank}: rank-based prioritized replay. */
public final class RankStrategy implements ReplayStrategy {

  @Override
  public String name() {
    return "rank";
  }

  @Override
  public String description() {
    return "P(i) = rank(i)^-alpha / sum_r r^-alpha (rank 1 = largest weight); re-sorts after"
        + " changes, for buffers up to ~1e5";
  }

  @Override
  public SamplingPolicy newSampler(ReplayConfig config) {
    return new RankSampler(config);
  }
}
