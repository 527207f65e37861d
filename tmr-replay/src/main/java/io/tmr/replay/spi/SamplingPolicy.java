package io.tmr.replay.spi;

import java.io.IOException;

/**
 * What is drawn: a distribution over the occupied slots, kept in step with the store through hooks
 * (the shape of Dopamine's sampling-distribution protocol: add, update, remove, sample, clear,
 * state).
 *
 * <p>The buffer calls every method under its lock, so implementations need no synchronisation.
 * Hooks are called after the store has been changed ({@code onInsert}, {@code onUpdate}) or before
 * the slot is vacated ({@code onRemove}: the item is still readable, its insertion-order links
 * still intact). An implementation must not keep references to the output arrays.
 */
public interface SamplingPolicy {

  /** A new item now occupies {@code slot}. */
  void onInsert(int slot, ItemView items);

  /** The weight or loss of the item in {@code slot} changed. */
  void onUpdate(int slot, ItemView items);

  /** The item in {@code slot} is about to leave the buffer. */
  void onRemove(int slot, ItemView items);

  /** Forgets every item. */
  void clear();

  /**
   * Draws {@code n} slots into {@code slotsOut[0, n)} and, for each, the probability with which a
   * single draw of this policy selects that slot into {@code probabilitiesOut[0, n)} (the value
   * that importance weights are computed from). Called only when {@code 1 <= n <= items.size()}.
   */
  void sample(
      int n, ReplayRandom random, ItemView items, int[] slotsOut, double[] probabilitiesOut);

  /** Probability that one draw selects {@code slot} in the current state (0 for an empty slot). */
  double probability(int slot, ItemView items);

  /** Writes whatever cannot be recomputed from {@code items}. */
  void writeState(StateWriter out) throws IOException;

  /**
   * Restores the state written by {@link #writeState}. Called on a fresh policy after the store has
   * been restored; no hook is called for the restored items.
   */
  void readState(StateReader in, ItemView items) throws IOException;

  /** Checks internal invariants against {@code items}; throws {@link IllegalStateException}. */
  default void verify(ItemView items) {}

  /** Bytes of heap the policy holds per slot of capacity (for the memory report). */
  default double bytesPerSlot() {
    return 0;
  }
}
