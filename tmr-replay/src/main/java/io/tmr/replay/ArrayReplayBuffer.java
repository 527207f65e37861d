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
  private final int capacity;
  private final BufferParts parts;
  private final ItemStore store;
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
    String evictionName = strategy.eviction(config);
    EvictionPolicy eviction =
        checkNotNull(
            registry.eviction(evictionName).create(config),
            "eviction plugin '%s' created no policy",
            evictionName);
    SamplingPolicy sampler =
        checkNotNull(
            strategy.newSampler(config),
            "strategy plugin '%s' created no sampler",
            config.strategy());
    this.store = new ItemStore(config);
    this.gate = new RateGate(config, counters);
    this.parts =
        new BufferParts(
            config,
            store,
            sampler,
            eviction,
            evictionName,
            new ReplayRandom(config.seed()),
            counters,
            gate.limiter());
    this.priorities = new Priorities(parts, registry.priorityRule(config.weight()));
    this.draws = new Draws(parts, priorities);
    this.inserts = new Inserts(parts, priorities);
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
    return gate.locked(store::size);
  }

  @Override
  public ItemSnapshot inspect() {
    return gate.locked(() -> ItemSnapshot.of(store));
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
    return gate.locked(() -> parts.sampler().probability(slot, store));
  }

  SamplingPolicy sampler() {
    return parts.sampler();
  }

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
    return gate.open(
        () ->
            inserts.insertBatch(
                gate,
                rows,
                seqLen,
                corrupted,
                original,
                segments,
                lengths,
                creationStep,
                receipt,
                tryOnly));
  }

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
    return gate.open(
        () -> {
          if (!gate.admitSample(n, store::size, tryOnly)) {
            return false;
          }
          draws.draw(n, out);
          gate.drained();
          return true;
        });
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
    return gate.open(
        () -> {
          int k = draws.takeFresh(max, out);
          gate.drained();
          return k;
        });
  }

  @Override
  public int update(int n, int[] slots, long[] stamps, float[] losses, float[] gradientNorms) {
    BufferArguments.refs(capacity, n, slots, stamps);
    BufferArguments.values("losses", n, losses);
    if (gradientNorms != null) {
      BufferArguments.values("gradient norms", n, gradientNorms);
    }
    return gate.open(() -> priorities.update(n, slots, stamps, losses, gradientNorms));
  }

  @Override
  public int setWeights(int n, int[] slots, long[] stamps, double[] weights) {
    BufferArguments.refs(capacity, n, slots, stamps);
    BufferArguments.weights(n, weights);
    return gate.open(() -> priorities.set(n, slots, stamps, weights));
  }

  @Override
  public int recordLosses(ItemRefs refs, float[] losses) {
    int n = refs.size();
    BufferArguments.refs(capacity, n, refs.slots(), refs.stamps());
    BufferArguments.values("losses", n, losses);
    return gate.open(() -> priorities.recordLosses(n, refs.slots(), refs.stamps(), losses));
  }

  @Override
  public void clear() {
    gate.open(
        () -> {
          for (int s = store.oldest(); s != ItemView.NONE; s = store.newer(s)) {
            counters.departed(store.replays(s));
          }
          counters.cleared += store.size();
          store.clear();
          parts.sampler().clear();
          parts.eviction().clear();
          gate.drained();
          return null;
        });
  }

  @Override
  public ReplayStats stats() {
    return gate.locked(() -> counters.stats(store, capacity, priorities.entryPriority()));
  }

  @Override
  public SamplingDistribution samplingDistribution() {
    return gate.locked(() -> SamplingDistribution.of(parts.sampler(), store));
  }

  /** Heap bytes per item of capacity: payload, metadata, sampler and eviction indexes. */
  double bytesPerItem() {
    return store.payloadBytesPerItem()
        + store.metadataBytesPerItem()
        + Priorities.bytesPerSlot()
        + parts.sampler().bytesPerSlot()
        + parts.eviction().bytesPerSlot();
  }

  @Override
  public void verifyIntegrity() {
    gate.locked(
        () -> {
          store.verify();
          parts.sampler().verify(store);
          parts.eviction().verify(store);
          counters.check(store.size());
          for (int s = store.oldest(); s != ItemView.NONE; s = store.newer(s)) {
            double w = store.weight(s);
            checkState(
                w >= 0 && w < Double.POSITIVE_INFINITY, "slot %s has weight %s", (Object) s, w);
          }
          return null;
        });
  }

  @Override
  public void snapshot(Path file) throws IOException {
    gate.lockedIo(
        () -> {
          draws.flushTrace();
          SnapshotFile.write(file, out -> BufferCodec.write(out, parts, priorities));
        });
  }

  @Override
  public void snapshot(OutputStream out) throws IOException {
    gate.lockedIo(
        () -> {
          draws.flushTrace();
          SnapshotFile.write(out, w -> BufferCodec.write(w, parts, priorities));
        });
  }

  /** Reads everything after the config and "enabled" flag into this freshly built buffer. */
  void readState(StateReader in) throws IOException {
    BufferCodec.read(in, parts, priorities);
    try {
      verifyIntegrity();
    } catch (IllegalStateException ex) {
      throw in.invalid("buffer", "restored state is inconsistent: " + ex.getMessage());
    }
  }

  @Override
  public void startTrace(Path file, TraceFormat format, boolean append) throws IOException {
    checkNotNull(file, "file");
    checkNotNull(format, "format");
    gate.lockedIo(
        () -> {
          gate.ensureOpen();
          draws.replaceTrace(TraceWriter.open(file, format, append));
        });
  }

  @Override
  public void addDrawListener(DrawListener listener) {
    checkNotNull(listener, "listener");
    gate.open(
        () -> {
          draws.addListener(listener);
          return null;
        });
  }

  @Override
  public void stopTrace() throws IOException {
    gate.lockedIo(() -> draws.replaceTrace(null));
  }

  @Override
  public void close() {
    gate.locked(
        () -> {
          if (!gate.closed()) {
            gate.close();
            try {
              stopTrace();
            } catch (IOException e) {
              throw new UncheckedIOException("closing the replay trace failed", e);
            }
          }
          return null;
        });
  }
}
