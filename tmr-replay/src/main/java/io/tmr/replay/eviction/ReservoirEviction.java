package io.tmr.replay.eviction;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.spi.EvictionPolicy;
import io.tmr.replay.spi.EvictionPolicyProvider;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;

/**
 * {@code reservoir}: Vitter's Algorithm R over the stream of offered items. The first k items fill
 * slots 0..k-1; item t (0-based) then draws {@code j ~ U{0..t}} and replaces slot j when {@code j <
 * k}, else is rejected. Every one of n offered items is retained with probability exactly k/n.
 * (Exact only while nothing is dropped by {@code replay.maxReplays}: a removal frees a slot that
 * the next offer fills unconditionally.)
 */
public final class ReservoirEviction implements EvictionPolicyProvider {

  @Override
  public String name() {
    return "reservoir";
  }

  @Override
  public String description() {
    return "Algorithm R: keep a uniform random subset of the stream";
  }

  @Override
  public EvictionPolicy create(ReplayConfig config) {
    int capacity = config.capacity();
    return new EvictionPolicy() {
      @Override
      public int victim(long streamIndex, ItemView items, ReplayRandom random) {
        long j = random.nextLong(streamIndex + 1);
        return j < capacity ? (int) j : REJECT;
      }
    };
  }
}
