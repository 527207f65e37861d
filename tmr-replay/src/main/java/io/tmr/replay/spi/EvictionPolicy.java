package io.tmr.replay.spi;

import java.io.IOException;

/**
 * What is kept: when the store is full, chooses which item a newly offered one replaces, or rejects
 * the new one. Free slots (left by items dropped after {@code replay.maxReplays}) are always filled
 * first; the policy is consulted only when there is none.
 *
 * <p>Called under the buffer's lock. The hooks mirror {@link SamplingPolicy}'s so that a policy can
 * keep an index over weights or ages.
 */
public interface EvictionPolicy {

  /** Returned by {@link #victim} to drop the offered item instead of evicting one. */
  int REJECT = -1;

  /**
   * The occupied slot whose item the offered item replaces, or {@link #REJECT}.
   *
   * @param streamIndex zero-based position of the offered item in the stream of all offers
   */
  int victim(long streamIndex, ItemView items, ReplayRandom random);

  default void onInsert(int slot, ItemView items) {}

  default void onUpdate(int slot, ItemView items) {}

  default void onRemove(int slot, ItemView items) {}

  default void clear() {}

  default void writeState(StateWriter out) throws IOException {}

  default void readState(StateReader in, ItemView items) throws IOException {}

  default void verify(ItemView items) {}

  default double bytesPerSlot() {
    return 0;
  }
}
