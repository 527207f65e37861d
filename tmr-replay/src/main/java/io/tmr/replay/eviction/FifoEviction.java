package io.tmr.replay.eviction;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.spi.EvictionPolicy;
import io.tmr.replay.spi.EvictionPolicyProvider;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;

/** {@code fifo}: a full buffer replaces its oldest item (a ring buffer when nothing is dropped). */
public final class FifoEviction implements EvictionPolicyProvider {

  private static final EvictionPolicy POLICY =
      new EvictionPolicy() {
        @Override
        public int victim(long streamIndex, ItemView items, ReplayRandom random) {
          return items.oldest();
        }
      };

  @Override
  public String name() {
    return "fifo";
  }

  @Override
  public String description() {
    return "replace the oldest item";
  }

  @Override
  public EvictionPolicy create(ReplayConfig config) {
    // Stateless: the store's insertion order already knows the oldest item.
    return POLICY;
  }
}
