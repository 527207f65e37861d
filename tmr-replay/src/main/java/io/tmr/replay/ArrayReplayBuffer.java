package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.snapshot.SnapshotFile;
import io.tmr.replay.spi.EvictionPolicy;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import io.tmr.replay.storage.ItemStore;
import io.tmr.replay.trace.TraceFormat;
import io.tmr.replay.trace.TraceWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The replay buffer: an {@link ItemStore} plus the configured sampling policy, eviction policy and
 * priority rule, a seeded generator and the {@link EntryPriority} of new items, behind one {@link
 * RateGate} (the lock and the rate limiter's waits). Counters live in {@link BufferCounters},
 * argument checks in {@link BufferArguments}, the snapshot format in {@link BufferCodec}; this
 * class holds the operations themselves: insert and evict, draw with importance weights, and the
 * priority updates.
 */
final class ArrayReplayBuffer implements ReplayBuffer {

  static final int HISTOGRAM_BINS = BufferCounters.HISTOGRAM_BINS;

  private final ReplayConfig config;
  private final String evictionName;
  private final ItemStore store;
  private final SamplingPolicy sampler;
  private final EvictionPolicy eviction;
  private final ReplayRandom random;
  private final int capacity;
  private final BufferCounters counters = new BufferCounters();
  private final RateGate gate;
  private final Priorities priorities;
  private final Draws draws;
  private final Inserts inserts;

  ArrayReplayBuffer(ReplayConfig config, ReplayRegistry registry) {
    checkNotNull(config, "config");
    checkArgument(
        config.capacity() > 0,
        "replay.capacity must be > 0 for a buffer, got %s; capacity 0 (no replay) is served"
            + " by ReplayBuffers.create as a disabled buffer",
        config.capacity());
    this.config = config;
    this.capacity = config.capacity();
    ReplayStrategy strategy = registry.strategy(config.strategy());
    this.evictionName = strategy.eviction(config);
    this.eviction =
        checkNotNull(
            registry.eviction(evictionName).create(config),
            "eviction plugin '%s' created no policy",
            evictionName);
    this.store = new ItemStore(config);
    this.sampler =
        checkNotNull(
            strategy.newSampler(config),
            "strategy plugin '%s' created no sampler",
            config.strategy());
    this.gate = new RateGate(config, counters);
    this.random = new ReplayRandom(config.seed());
    this.priorities =
        new Priorities(
            config, registry.priorityRule(config.weight()), store, sampler, eviction, counters);
    this.draws =
        new Draws(
            config, store, sampler, random, counters, gate.limiter(), priorities, this::depart);
    this.inserts =
        new Inserts(
            store,
            sampler,
            eviction,
            evictionName,
            random,
            counters,
            gate.limiter(),
            priorities,
            this::depart);
  }

  /** Opens the configured trace, if any ({@code append} when continuing a restored buffer). */
  void openConfiguredTrace(boolean append) throws IOException {
    if (!config.trace().isEmpty()) {
      startTrace(Path.of(config.trace()), config.traceFormat(), append);
    }
  }

  @Override
  public ReplayConfig config() {
    return config;
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public int size() {
    gate.lock();
    try {
      return store.size();
    } finally {
      gate.unlock();
    }
  }

  @Override
  public ItemSnapshot inspect() {
    gate.lock();
    try {
      return ItemSnapshot.of(store);
    } finally {
      gate.unlock();
    }
  }

  /** The store, for same-package tests and audits; callers must not mutate it. */
  ItemView items() {
    return store;
  }

  ItemStore store() {
    return store;
  }

  /** Probability that one draw selects {@code slot} now (for audits and tests). */
  double probability(int slot) {
    gate.lock();
    try {
      return sampler.probability(slot, store);
    } finally {
      gate.unlock();
    }
  }

  SamplingPolicy sampler() {
    return sampler;
  }

  // ------------------------------------------------------------------ insert

  @Override
  public int insertBatch(
      int rows,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      long creationStep,
      InsertReceipt receipt) {
    return insert(
        rows, seqLen, corrupted, original, segments, lengths, creationStep, receipt, false);
  }

  @Override
  public boolean tryInsertBatch(
      int rows,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      long creationStep,
      InsertReceipt receipt) {
    return insert(rows, seqLen, corrupted, original, segments, lengths, creationStep, receipt, true)
        >= 0;
  }

  /** Returns rows stored, or -1 when {@code tryOnly} and the limiter refused. */
  private int insert(
      int rows,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      long creationStep,
      InsertReceipt receipt,
      boolean tryOnly) {
    BufferArguments.insert(config, rows, seqLen, corrupted, original, segments, lengths, receipt);
    gate.lock();
    try {
      gate.ensureOpen();
      if (receipt != null) {
        receipt.reset();
      }
      int stored = 0;
      boolean waits = !tryOnly && config.rateLimit() == ReplayConfig.RateLimit.BLOCK;
      if (!waits) {
        if (!gate.admitInsertNow(rows, store.size(), tryOnly)) {
          return -1;
        }
        for (int r = 0; r < rows; r++) {
          stored +=
              inserts.insertRow(
                  r, seqLen, corrupted, original, segments, lengths, creationStep, receipt);
        }
      } else {
        for (int r = 0; r < rows; r++) {
          gate.awaitInsertable(store::size);
          stored +=
              inserts.insertRow(
                  r, seqLen, corrupted, original, segments, lengths, creationStep, receipt);
          gate.inserted();
        }
      }
      gate.inserted();
      return stored;
    } finally {
      gate.unlock();
    }
  }

  /** Removes the item in an occupied slot, notifying the policies first. */
  private void depart(int slot) {
    eviction.onRemove(slot, store);
    sampler.onRemove(slot, store);
    counters.departed(store.replays(slot));
    store.vacate(slot);
  }

  // ------------------------------------------------------------------ sample

  @Override
  public void sample(int n, SampleBatch out) {
    sample(n, out, false);
  }

  @Override
  public boolean trySample(int n, SampleBatch out) {
    return sample(n, out, true);
  }

  private boolean sample(int n, SampleBatch out, boolean tryOnly) {
    BufferArguments.batch(config, store.keepsOriginalIds(), n, out);
    gate.lock();
    try {
      gate.ensureOpen();
      if (!gate.admitSample(n, store::size, tryOnly)) {
        return false;
      }
      draws.draw(n, out);
      gate.drained();
      return true;
    } finally {
      gate.unlock();
    }
  }

  /** The importance weights of a batch (kept here for the tests that check the formula). */
  static void importanceWeights(int n, double[] p, double beta, double[] out) {
    Draws.importanceWeights(n, p, beta, out);
  }

  @Override
  public int takeFresh(int max, SampleBatch out) {
    checkNotNull(out, "out");
    checkArgument(
        max >= 0 && max <= out.maxRows(), "max must be in [0, %s], got %s", out.maxRows(), max);
    if (out.hasRows()) {
      BufferArguments.batch(
          config, store.keepsOriginalIds(), Math.max(1, Math.min(max, capacity)), out);
    }
    gate.lock();
    try {
      gate.ensureOpen();
      int k = draws.takeFresh(max, out);
      gate.drained();
      return k;
    } finally {
      gate.unlock();
    }
  }

  // ------------------------------------------------------------------ update

  @Override
  public int update(int n, int[] slots, long[] stamps, float[] losses, float[] gradientNorms) {
    BufferArguments.refs(capacity, n, slots, stamps);
    BufferArguments.values("losses", n, losses);
    checkArgument(
        !priorities.requiresGradientNorms() || gradientNorms != null,
        "replay.weight=%s needs per-example gradient "
            + "norms; pass them to update(refs, losses, gradientNorms)",
        priorities.ruleName());
    if (gradientNorms != null) {
      BufferArguments.values("gradient norms", n, gradientNorms);
    }
    gate.lock();
    try {
      gate.ensureOpen();
      return priorities.update(n, slots, stamps, losses, gradientNorms);
    } finally {
      gate.unlock();
    }
  }

  @Override
  public int setWeights(int n, int[] slots, long[] stamps, double[] weights) {
    BufferArguments.refs(capacity, n, slots, stamps);
    BufferArguments.weights(n, weights);
    gate.lock();
    try {
      gate.ensureOpen();
      return priorities.set(n, slots, stamps, weights);
    } finally {
      gate.unlock();
    }
  }

  @Override
  public int recordLosses(ItemRefs refs, float[] losses) {
    int n = refs.size();
    BufferArguments.refs(capacity, n, refs.slots(), refs.stamps());
    BufferArguments.values("losses", n, losses);
    gate.lock();
    try {
      gate.ensureOpen();
      return priorities.recordLosses(n, refs.slots(), refs.stamps(), losses);
    } finally {
      gate.unlock();
    }
  }

  // ------------------------------------------------------------------ housekeeping

  @Override
  public void clear() {
    gate.lock();
    try {
      gate.ensureOpen();
      for (int s = store.oldest(); s != ItemView.NONE; s = store.newer(s)) {
        counters.departed(store.replays(s));
      }
      counters.cleared += store.size();
      store.clear();
      sampler.clear();
      eviction.clear();
      gate.drained();
    } finally {
      gate.unlock();
    }
  }

  @Override
  public ReplayStats stats() {
    gate.lock();
    try {
      return counters.stats(store, capacity, priorities.entryPriority());
    } finally {
      gate.unlock();
    }
  }

  @Override
  public SamplingDistribution samplingDistribution() {
    gate.lock();
    try {
      return SamplingDistribution.of(sampler, store);
    } finally {
      gate.unlock();
    }
  }

  /** Heap bytes per item of capacity: payload, metadata, sampler and eviction indexes. */
  double bytesPerItem() {
    return store.payloadBytesPerItem()
        + store.metadataBytesPerItem()
        + Priorities.bytesPerSlot()
        + sampler.bytesPerSlot()
        + eviction.bytesPerSlot();
  }

  @Override
  public void verifyIntegrity() {
    gate.lock();
    try {
      store.verify();
      sampler.verify(store);
      eviction.verify(store);
      counters.check(store.size());
      for (int s = store.oldest(); s != ItemView.NONE; s = store.newer(s)) {
        double w = store.weight(s);
        checkState(w >= 0 && w < Double.POSITIVE_INFINITY, "slot %s has weight %s", (Object) s, w);
      }
    } finally {
      gate.unlock();
    }
  }

  // ------------------------------------------------------------------ persistence

  @Override
  public void snapshot(Path file) throws IOException {
    gate.lock();
    try {
      draws.flushTrace();
      SnapshotFile.write(file, this::writeState);
    } finally {
      gate.unlock();
    }
  }

  @Override
  public void snapshot(OutputStream out) throws IOException {
    gate.lock();
    try {
      draws.flushTrace();
      SnapshotFile.write(out, this::writeState);
    } finally {
      gate.unlock();
    }
  }

  private void writeState(StateWriter out) throws IOException {
    BufferCodec.write(out, parts());
  }

  /** Reads everything after the config and "enabled" flag into this freshly built buffer. */
  void readState(StateReader in) throws IOException {
    BufferCodec.read(in, parts());
    try {
      verifyIntegrity();
    } catch (IllegalStateException ex) {
      throw in.invalid("buffer", "restored state is inconsistent: " + ex.getMessage());
    }
  }

  private BufferCodec.Parts parts() {
    return new BufferCodec.Parts(
        config,
        evictionName,
        store,
        sampler,
        eviction,
        random,
        priorities,
        counters,
        gate.limiter());
  }

  // ------------------------------------------------------------------ trace & close

  @Override
  public void startTrace(Path file, TraceFormat format, boolean append) throws IOException {
    checkNotNull(file, "file");
    checkNotNull(format, "format");
    gate.lock();
    try {
      gate.ensureOpen();
      draws.replaceTrace(TraceWriter.open(file, format, append));
    } finally {
      gate.unlock();
    }
  }

  @Override
  public void stopTrace() throws IOException {
    gate.lock();
    try {
      draws.replaceTrace(null);
    } finally {
      gate.unlock();
    }
  }

  @Override
  public void close() {
    gate.lock();
    try {
      if (gate.closed()) {
        return;
      }
      gate.close();
      try {
        stopTrace();
      } catch (IOException e) {
        throw new UncheckedIOException("closing the replay trace failed", e);
      }
    } finally {
      gate.unlock();
    }
  }
}
