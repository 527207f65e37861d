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
  private final boolean blocking;

  Inserts(BufferParts parts, Priorities priorities) {
    this.store = parts.store();
    this.sampler = parts.sampler();
    this.eviction = parts.eviction();
    this.evictionName = parts.evictionName();
    this.random = parts.random();
    this.counters = parts.counters();
    this.limiter = parts.limiter();
    this.priorities = priorities;
    this.depart = parts::depart;
    this.blocking = parts.config().rateLimit() == ReplayConfig.RateLimit.BLOCK;
  }

  /**
   * Stores a batch under the gate's rules: at once when the limiter admits it (else false for a
   * try, an exception in refuse mode), or row by row, waiting in block mode. Returns rows stored,
   * or -1 when a try was refused.
   */
  int insertBatch(
      RateGate gate,
      int rows,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      long creationStep,
      InsertReceipt receipt,
      boolean tryOnly) {
    if (receipt != null) {
      receipt.reset();
    }
    int stored = 0;
    if (tryOnly || !blocking) {
      if (!gate.admitInsertNow(rows, store.size(), tryOnly)) {
        return -1;
      }
      for (int r = 0; r < rows; r++) {
        stored +=
            insertRow(r, seqLen, corrupted, original, segments, lengths, creationStep, receipt);
      }
    } else {
      for (int r = 0; r < rows; r++) {
        gate.awaitInsertable(store::size);
        stored +=
            insertRow(r, seqLen, corrupted, original, segments, lengths, creationStep, receipt);
        gate.inserted();
      }
    }
    gate.inserted();
    return stored;
  }

  /**
   * Stores row {@code r} of the flat arrays; returns 1, or 0 when the eviction policy rejected it.
   */
  private int insertRow(
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
