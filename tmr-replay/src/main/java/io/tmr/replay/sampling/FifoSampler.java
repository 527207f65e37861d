package io.tmr.replay.sampling;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;

/**
 * Deterministic first-in-first-out reads: each batch is the next {@code n} items in insertion order
 * after the last item returned, wrapping to the oldest item after the newest. Every row has
 * probability 1 (nothing is random), so importance weights are all 1. With {@code
 * replay.maxReplays=1} this is a queue: each item is read exactly once, oldest first (Reverb's Fifo
 * selector with max_times_sampled=1).
 */
public final class FifoSampler implements SamplingPolicy {

  /** The last slot returned, or NONE: the next read starts at the oldest item. */
  private int last = ItemView.NONE;

  @Override
  public void onInsert(int slot, ItemView items) {}

  @Override
  public void onUpdate(int slot, ItemView items) {}

  @Override
  public void onRemove(int slot, ItemView items) {
    if (slot == last) {
      // The successor of a removed item is the successor of its predecessor.
      last = items.older(slot);
    }
  }

  @Override
  public void clear() {
    last = ItemView.NONE;
  }

  private static int next(int slot, ItemView items) {
    int s = slot == ItemView.NONE ? ItemView.NONE : items.newer(slot);
    return s == ItemView.NONE ? items.oldest() : s;
  }

  @Override
  public void sample(
      int n, ReplayRandom random, ItemView items, int[] slotsOut, double[] probabilitiesOut) {
    int s = last;
    for (int k = 0; k < n; k++) {
      s = next(s, items);
      slotsOut[k] = s;
      probabilitiesOut[k] = 1.0;
    }
    last = s;
  }

  @Override
  public double probability(int slot, ItemView items) {
    return items.size() > 0 && slot == next(last, items) ? 1.0 : 0.0;
  }

  @Override
  public void writeState(StateWriter out) throws IOException {
    out.writeInt("sampler.fifoLast", last);
  }

  @Override
  public void readState(StateReader in, ItemView items) throws IOException {
    last = in.readInt("sampler.fifoLast", ItemView.NONE, items.capacity() - 1);
    if (last != ItemView.NONE && !items.isOccupied(last)) {
      throw in.invalid("sampler.fifoLast", "slot " + last + " is empty");
    }
  }

  @Override
  public void verify(ItemView items) {
    checkState(
        last == ItemView.NONE || items.isOccupied(last),
        "FIFO cursor points at empty slot %s",
        last);
  }
}
