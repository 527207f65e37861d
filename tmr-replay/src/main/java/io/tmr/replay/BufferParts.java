package io.tmr.replay;

import io.tmr.replay.ratelimit.RateLimiter;
import io.tmr.replay.spi.EvictionPolicy;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.storage.ItemStore;

/**
 * What the pieces of one buffer share: its configuration, store, sampling and eviction policies
 * (and the eviction's resolved name), random generator, counters and rate limiter. Each piece
 * ({@link Inserts}, {@link Draws}, {@link Priorities}, {@link BufferCodec}) is built from it
 * instead of from a run of arguments.
 */
record BufferParts(
    ReplayConfig config,
    ItemStore store,
    SamplingPolicy sampler,
    EvictionPolicy eviction,
    String evictionName,
    ReplayRandom random,
    BufferCounters counters,
    RateLimiter limiter) {

  /** Removes the item in an occupied slot, notifying the policies first. */
  void depart(int slot) {
    eviction.onRemove(slot, store);
    sampler.onRemove(slot, store);
    counters.departed(store.replays(slot));
    store.vacate(slot);
  }
}
