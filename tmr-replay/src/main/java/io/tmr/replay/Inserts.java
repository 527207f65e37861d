package io.tmr.replay;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.ratelimit.RateLimiter;
import io.tmr.replay.spi.EvictionPolicy;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.storage.ItemStore;
import java.util.function.IntConsumer;

/**
 * Storing one row: a free slot, or the eviction policy's victim (or its refusal, for reservoir
 * sampling); the new item gets the next stream position as its stamp and the entry priority as its
 * weight, and the policies are told. Not thread-safe: used under the buffer's lock, after {@link
 * BufferArguments} checked the batch.
 */
final class Inserts {
  private final ItemStore store;
  private final SamplingPolicy sampler;
  private final EvictionPolicy eviction;
  private final String evictionName;
  private final ReplayRandom random;
  private final BufferCounters counters;
  private final RateLimiter limiter;
  private final Priorities priorities;
  private final IntConsumer depart;

  Inserts(
      ItemStore store,
      SamplingPolicy sampler,
      EvictionPolicy eviction,
      String evictionName,
      ReplayRandom random,
      BufferCounters counters,
      RateLimiter limiter,
      Priorities priorities,
      IntConsumer depart) {
    this.store = store;
    this.sampler = sampler;
    this.eviction = eviction;
    this.evictionName = evictionName;
    this.random = random;
    this.counters = counters;
    this.limiter = limiter;
    this.priorities = priorities;
    this.depart = depart;
  }

  /**
   * Stores row {@code r} of the flat arrays; returns 1, or 0 when the eviction policy rejected it.
   */
  int insertRow(
      int r,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      long creationStep,
      InsertReceipt receipt) {
    long streamIndex = counters.offered++;
    limiter.recordInserts(1);
    int slot = store.allocate();
    if (slot == ItemView.NONE) {
      int victim = eviction.victim(streamIndex, store, random);
      if (victim == EvictionPolicy.REJECT) {
        counters.rejected++;
        if (receipt != null) {
          receipt.add(-1, -1L);
        }
        return 0;
      }
      checkState(
          victim >= 0 && victim < store.capacity() && store.isOccupied(victim),
          "eviction policy '%s' chose slot %s, which holds no item",
          evictionName,
          victim);
      depart.accept(victim);
      counters.evicted++;
      slot = store.allocate();
    }
    store.fill(
        slot,
        streamIndex,
        corrupted,
        original,
        segments,
        r * seqLen,
        lengths[r],
        creationStep,
        priorities.entryPriority());
    sampler.onInsert(slot, store);
    eviction.onInsert(slot, store);
    counters.inserted++;
    if (receipt != null) {
      receipt.add(slot, streamIndex);
    }
    return 1;
  }
}
