package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.ratelimit.RateLimiter;
import io.tmr.replay.snapshot.SnapshotFile;
import io.tmr.replay.spi.EvictionPolicy;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.PriorityRule;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.ReplayStrategy;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import io.tmr.replay.storage.ItemStore;
import io.tmr.replay.trace.TraceFormat;
import io.tmr.replay.trace.TraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The replay buffer: an {@link ItemStore} plus the configured sampling policy, eviction policy and
 * priority rule, a seeded generator, a rate limiter and counters, all behind one lock.
 */
final class ArrayReplayBuffer implements ReplayBuffer {

  /** Histogram entries: exact counts 0..31, then "32 or more". */
  static final int HISTOGRAM_BINS = 33;

  private final ReplayConfig config;
  private final String evictionName;
  private final PriorityRule rule;
  private final ItemStore store;
  private final SamplingPolicy sampler;
  private final EvictionPolicy eviction;
  private final RateLimiter limiter;
  private final ReplayRandom random;
  private final int capacity;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition insertable = lock.newCondition();
  private final Condition sampleable = lock.newCondition();

  /** Per slot, the update call that last changed it: finds duplicates within one call. */
  private final int[] updateMark;
  private int updateEpoch;
  private double[] scratch = new double[64];

  /** Per slot, the stamp of the item last dropped from it after replay.maxReplays replays. */
  private final long[] droppedStamp;
  private final EntryPriority entry;
  private long offered;
  private long inserted;
  private long rejected;
  private long evicted;
  private long dropped;
  private long cleared;
  private long sampleCalls;
  private long sampledItems;
  private long firstUseDraws;
  private long freshItems;
  private long updates;
  private long staleUpdates;
  private long droppedUpdates;
  private long duplicateUpdates;
  private long lossesRecorded;
  private long refusals;
  private long waits;
  private final long[] departedHistogram = new long[HISTOGRAM_BINS];

  private TraceWriter trace;
  private boolean closed;

  ArrayReplayBuffer(ReplayConfig config, ReplayRegistry registry) {
    checkNotNull(config, "config");
    checkArgument(config.capacity() > 0, "replay.capacity must be > 0 for a buffer, got %s;"
        + " capacity 0 (no replay) is served by ReplayBuffers.create as a disabled buffer",
        config.capacity());
    this.config = config;
    this.capacity = config.capacity();
    ReplayStrategy strategy = registry.strategy(config.strategy());
    this.evictionName = strategy.eviction(config);
    this.eviction = checkNotNull(registry.eviction(evictionName).create(config),
        "eviction plugin '%s' created no policy", evictionName);
    this.rule = registry.priorityRule(config.weight());
    this.store = new ItemStore(config);
    this.sampler = checkNotNull(strategy.newSampler(config),
        "strategy plugin '%s' created no sampler", config.strategy());
    this.limiter = new RateLimiter(config);
    this.random = new ReplayRandom(config.seed());
    this.updateMark = new int[capacity];
    this.droppedStamp = new long[capacity];
    Arrays.fill(droppedStamp, -1L);
    this.entry = new EntryPriority(config.newPriorityQuantile(), config.priorityWindow());
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
    lock.lock();
    try {
      return store.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ItemSnapshot inspect() {
    lock.lock();
    try {
      int n = store.size();
      int[] slots = new int[n];
      long[] stamps = new long[n];
      double[] weights = new double[n];
      float[] losses = new float[n];
      int[] replays = new int[n];
      long[] created = new long[n];
      int i = 0;
      for (int s = store.oldest(); s != ItemView.NONE && i < n; s = store.newer(s), i++) {
        slots[i] = s;
        stamps[i] = store.stamp(s);
        weights[i] = store.weight(s);
        losses[i] = store.lastLoss(s);
        replays[i] = store.replays(s);
        created[i] = store.creationStep(s);
      }
      return new ItemSnapshot(slots, stamps, weights, losses, replays, created);
    } finally {
      lock.unlock();
    }
  }

  /** The store, for same-package tests and audits; callers must not mutate it. */
  ItemView items() {
    return store;
  }

  /** Probability that one draw selects {@code slot} now (for audits and tests). */
  double probability(int slot) {
    lock.lock();
    try {
      return sampler.probability(slot, store);
    } finally {
      lock.unlock();
    }
  }

  SamplingPolicy sampler() {
    return sampler;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("replay buffer is closed");
    }
  }

  // ------------------------------------------------------------------ insert

  private void validateInsert(int rows, int seqLen, int[] corrupted, int[] original,
      int[] segments, int[] lengths, InsertReceipt receipt) {
    checkArgument(rows >= 0, "rows must be >= 0, got %s", rows);
    checkArgument(seqLen >= 1 && seqLen <= config.maxSeqLength(),
        "seqLen must be in [1, replay.maxSeqLength=%s], got %s", config.maxSeqLength(), seqLen);
    checkNotNull(corrupted, "corrupted ids");
    checkNotNull(original, "original ids");
    checkNotNull(lengths, "lengths");
    // Explicit ifs rather than multi-argument checkArgument: its varargs would allocate per call.
    long tokens = (long) rows * seqLen;
    if (corrupted.length < tokens || original.length < tokens
        || (segments != null && segments.length < tokens)) {
      throw new IllegalArgumentException("id arrays hold corrupted=" + corrupted.length
          + ", original=" + original.length + ", segments="
          + (segments == null ? "null" : segments.length) + " values; " + rows + " rows x "
          + seqLen + " need " + tokens);
    }
    if (lengths.length < rows) {
      throw new IllegalArgumentException(
          "lengths hold " + lengths.length + " values for " + rows + " rows");
    }
    if (receipt != null && receipt.maxRows() < rows) {
      throw new IllegalArgumentException(
          "receipt holds " + receipt.maxRows() + " rows, the batch has " + rows);
    }
    int vocab = config.vocabSize();
    int types = config.segmentTypes();
    for (int r = 0; r < rows; r++) {
      int len = lengths[r];
      if (len < 1 || len > seqLen) {
        throw new IllegalArgumentException(
            "lengths[" + r + "] = " + len + " outside [1, seqLen=" + seqLen + "]");
      }
      int base = r * seqLen;
      for (int i = base; i < base + len; i++) {
        int c = corrupted[i];
        int o = original[i];
        if (c < 0 || c >= vocab || o < 0 || o >= vocab) {
          throw new IllegalArgumentException("row " + r + " token " + (i - base) + ": id "
              + (c < 0 || c >= vocab ? "corrupted=" + c : "original=" + o)
              + " outside [0, replay.vocabSize=" + vocab + ")");
        }
        if (segments != null && (segments[i] < 0 || segments[i] >= types)) {
          throw new IllegalArgumentException("row " + r + " token " + (i - base)
              + ": segment id " + segments[i] + " outside [0, replay.segmentTypes=" + types
              + ")");
        }
      }
    }
  }

  @Override
  public int insertBatch(int rows, int seqLen, int[] corrupted, int[] original, int[] segments,
      int[] lengths, long creationStep, InsertReceipt receipt) {
    return insert(rows, seqLen, corrupted, original, segments, lengths, creationStep, receipt,
        false);
  }

  @Override
  public boolean tryInsertBatch(int rows, int seqLen, int[] corrupted, int[] original,
      int[] segments, int[] lengths, long creationStep, InsertReceipt receipt) {
    return insert(rows, seqLen, corrupted, original, segments, lengths, creationStep, receipt,
        true) >= 0;
  }

  /** Returns rows stored, or -1 when {@code tryOnly} and the limiter refused. */
  private int insert(int rows, int seqLen, int[] corrupted, int[] original, int[] segments,
      int[] lengths, long creationStep, InsertReceipt receipt, boolean tryOnly) {
    validateInsert(rows, seqLen, corrupted, original, segments, lengths, receipt);
    lock.lock();
    try {
      ensureOpen();
      if (receipt != null) {
        receipt.reset();
      }
      int stored = 0;
      if (tryOnly || config.rateLimit() == ReplayConfig.RateLimit.REFUSE) {
        if (!limiter.canInsert(rows, store.size())) {
          refusals++;
          if (tryOnly) {
            return -1;
          }
          throw new RateLimitedException(limiter.whyNotInsert(rows, store.size()));
        }
        for (int r = 0; r < rows; r++) {
          stored += insertRow(r, seqLen, corrupted, original, segments, lengths, creationStep,
              receipt);
        }
      } else {
        for (int r = 0; r < rows; r++) {
          awaitInsertable();
          stored += insertRow(r, seqLen, corrupted, original, segments, lengths, creationStep,
              receipt);
          sampleable.signalAll();
        }
      }
      sampleable.signalAll();
      return stored;
    } finally {
      lock.unlock();
    }
  }

  private void awaitInsertable() {
    if (limiter.canInsert(1, store.size())) {
      return;
    }
    waits++;
    long timeoutMs = config.rateLimitTimeoutMs();
    long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      while (!limiter.canInsert(1, store.size())) {
        ensureOpen();
        if (timeoutMs == 0) {
          insertable.await();
        } else {
          if (nanos <= 0) {
            refusals++;
            throw new RateLimitedException("timed out after " + timeoutMs + " ms waiting to"
                + " insert: " + limiter.whyNotInsert(1, store.size()));
          }
          nanos = insertable.awaitNanos(nanos);
        }
      }
      ensureOpen();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RateLimitedException("interrupted while waiting to insert", e);
    }
  }

  private int insertRow(int r, int seqLen, int[] corrupted, int[] original, int[] segments,
      int[] lengths, long creationStep, InsertReceipt receipt) {
    long streamIndex = offered++;
    limiter.recordInserts(1);
    int slot = store.allocate();
    if (slot == ItemView.NONE) {
      int victim = eviction.victim(streamIndex, store, random);
      if (victim == EvictionPolicy.REJECT) {
        rejected++;
        if (receipt != null) {
          receipt.add(-1, -1L);
        }
        return 0;
      }
      checkState(victim >= 0 && victim < capacity && store.isOccupied(victim),
          "eviction policy '%s' chose slot %s, which holds no item", evictionName, victim);
      depart(victim);
      evicted++;
      slot = store.allocate();
    }
    store.fill(slot, streamIndex, corrupted, original, segments, r * seqLen, lengths[r],
        creationStep, entry.value());
    sampler.onInsert(slot, store);
    eviction.onInsert(slot, store);
    inserted++;
    if (receipt != null) {
      receipt.add(slot, streamIndex);
    }
    return 1;
  }

  /** Removes the item in an occupied slot, notifying the policies first. */
  private void depart(int slot) {
    eviction.onRemove(slot, store);
    sampler.onRemove(slot, store);
    departedHistogram[Math.min(store.replays(slot), HISTOGRAM_BINS - 1)]++;
    store.vacate(slot);
  }

  // ------------------------------------------------------------------ sample

  private void validateBatch(int n, SampleBatch out) {
    checkNotNull(out, "out");
    checkArgument(n >= 1, "batch size must be >= 1, got %s", n);
    checkArgument(n <= out.maxRows(), "batch size %s exceeds the SampleBatch's %s rows", n,
        out.maxRows());
    checkArgument(n <= capacity, "batch size %s > replay.capacity %s can never be satisfied", n,
        capacity);
    if (out.hasRows()) {
      checkArgument(out.seqLen() >= config.maxSeqLength(),
          "the SampleBatch's row stride %s is below replay.maxSeqLength %s: rows would be cut",
          out.seqLen(), config.maxSeqLength());
      checkArgument(!out.hasOriginalIds() || store.keepsOriginalIds(),
          "the SampleBatch asks for original ids but replay.labels=bitset does not keep them");
    }
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
    validateBatch(n, out);
    lock.lock();
    try {
      ensureOpen();
      if (!limiter.canSample(n, store.size())) {
        if (tryOnly) {
          return false;
        }
        if (config.rateLimit() == ReplayConfig.RateLimit.REFUSE) {
          if (n <= store.size()) {
            // a limiter decision, not a bad request: counted (batch > size leaves no trace)
            refusals++;
          }
          throw new RateLimitedException(limiter.whyNotSample(n, store.size()));
        }
        checkArgument(limiter.admissible(n), "batch size %s can never be admitted: with"
            + " replay.samplesPerInsert=%s the limiter's window (2 x replay.errorBuffer = %s)"
            + " must exceed batch + ratio", n, config.samplesPerInsert(),
            2 * config.errorBuffer());
        awaitSampleable(n);
      }
      draw(n, out);
      insertable.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void awaitSampleable(int n) {
    waits++;
    long timeoutMs = config.rateLimitTimeoutMs();
    long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      while (!limiter.canSample(n, store.size())) {
        ensureOpen();
        if (timeoutMs == 0) {
          sampleable.await();
        } else {
          if (nanos <= 0) {
            refusals++;
            throw new RateLimitedException("timed out after " + timeoutMs + " ms waiting to"
                + " sample: " + limiter.whyNotSample(n, store.size()));
          }
          nanos = sampleable.awaitNanos(nanos);
        }
      }
      ensureOpen();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RateLimitedException("interrupted while waiting to sample", e);
    }
  }

  private void draw(int n, SampleBatch out) {
    long step = sampleCalls;
    double beta = config.betaAt(step);
    int[] slots = out.slots;
    double[] p = out.probabilities;
    sampler.sample(n, random, store, slots, p);
    boolean rows = out.hasRows();
    int seqLen = out.seqLen();
    int[] original = out.hasOriginalIds() ? out.originalIds : null;
    // One pass per row: validate the policy's answer, copy metadata and tokens, count the replay.
    // (Counting now is safe for duplicates: a row's tokens do not depend on its replay count.)
    int firstUses = 0;
    for (int k = 0; k < n; k++) {
      int slot = slots[k];
      long stamp = slot >= 0 && slot < capacity ? store.stamp(slot) : -1L;
      if (!(stamp >= 0 && p[k] > 0 && p[k] <= 1.0 + 1e-9)) {
        throw new IllegalStateException("sampling policy of '" + config.strategy()
            + "' returned slot " + slot + " with probability " + p[k] + " (row " + k + ")");
      }
      out.stamps[k] = stamp;
      out.creationSteps[k] = store.creationStep(slot);
      if (rows) {
        store.readRow(slot, k, seqLen, out.corruptedIds, out.labels, original, out.segmentIds);
        out.lengths[k] = store.length(slot);
      }
      if (store.isUnused(slot)) {
        // Never trained on (not used fresh, not replayed): a first use, not a re-use.
        firstUses++;
        store.markUsed(slot);
      }
      out.replays[k] = store.incrementReplays(slot);
    }
    double[] w = out.importanceWeights;
    if (config.importanceWeights()) {
      importanceWeights(n, p, beta, w);
    } else {
      Arrays.fill(w, 0, n, 1.0);
    }
    int maxReplays = config.maxReplays();
    if (maxReplays > 0) {
      for (int k = 0; k < n; k++) {
        int slot = slots[k];
        if (store.stamp(slot) == out.stamps[k] && store.replays(slot) >= maxReplays) {
          droppedStamp[slot] = out.stamps[k];
          depart(slot);
          dropped++;
        }
      }
    }
    sampleCalls++;
    sampledItems += n;
    firstUseDraws += firstUses;
    limiter.recordSamples(n);
    out.size = n;
    out.firstUses = firstUses;
    out.beta = beta;
    out.step = step;
    out.fresh = false;
    if (trace != null) {
      try {
        trace.write(step, beta, n, slots, out.stamps, p, w);
      } catch (IOException e) {
        throw new UncheckedIOException("writing the replay trace failed at step " + step, e);
      }
    }
  }

  /**
   * {@code w_k = (N·P_k)^-β / max_j (N·P_j)^-β = (P_k / P_min)^-β}: the largest weight in a batch
   * belongs to its least likely row and is exactly 1. N cancels, so it is not needed.
   */
  static void importanceWeights(int n, double[] p, double beta, double[] out) {
    double minP = Double.POSITIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      minP = Math.min(minP, p[k]);
    }
    for (int k = 0; k < n; k++) {
      out[k] = p[k] == minP ? 1.0 : Math.pow(p[k] / minP, -beta);
    }
  }

  @Override
  public int takeFresh(int max, SampleBatch out) {
    checkNotNull(out, "out");
    checkArgument(max >= 0 && max <= out.maxRows(), "max must be in [0, %s], got %s",
        out.maxRows(), max);
    if (out.hasRows()) {
      validateBatch(Math.max(1, Math.min(max, capacity)), out);
    }
    lock.lock();
    try {
      ensureOpen();
      int k = 0;
      for (int s = store.newestUnused(); s != ItemView.NONE && k < max; s = store.olderUnused(s)) {
        out.slots[k++] = s;
      }
      boolean rows = out.hasRows();
      int[] original = out.hasOriginalIds() ? out.originalIds : null;
      for (int i = 0; i < k; i++) {
        int slot = out.slots[i];
        out.stamps[i] = store.stamp(slot);
        out.creationSteps[i] = store.creationStep(slot);
        out.replays[i] = store.replays(slot);
        out.probabilities[i] = 1.0;
        out.importanceWeights[i] = 1.0;
        if (rows) {
          store.readRow(slot, i, out.seqLen(), out.corruptedIds, out.labels, original,
              out.segmentIds);
          out.lengths[i] = store.length(slot);
        }
        store.markUsed(slot);
      }
      freshItems += k;
      limiter.recordSamples(k);
      out.size = k;
      out.firstUses = 0;
      out.beta = config.betaAt(sampleCalls);
      out.step = sampleCalls;
      out.fresh = true;
      insertable.signalAll();
      return k;
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ update

  private void validateRefs(int n, int[] slots, long[] stamps) {
    checkArgument(n >= 0, "n must be >= 0, got %s", n);
    checkNotNull(slots, "slots");
    checkNotNull(stamps, "stamps");
    if (slots.length < n || stamps.length < n) {
      throw new IllegalArgumentException("slots/stamps hold " + slots.length + "/" + stamps.length
          + " values for " + n + " rows");
    }
    for (int i = 0; i < n; i++) {
      if (slots[i] < -1 || slots[i] >= capacity) {
        throw new IllegalArgumentException(
            "slots[" + i + "] = " + slots[i] + " outside [-1, " + capacity + ")");
      }
    }
  }

  private static void validateValues(String what, int n, float[] values) {
    checkNotNull(values, what);
    if (values.length < n) {
      throw new IllegalArgumentException(what + " hold " + values.length + " values for " + n
          + " rows");
    }
    for (int i = 0; i < n; i++) {
      float v = values[i];
      if (!(v >= 0 && v < Float.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(what + "[" + i + "] = " + v
            + ": must be finite and >= 0; nothing was updated");
      }
    }
  }

  private boolean stale(int slot, long stamp) {
    return slot < 0 || store.stamp(slot) != stamp;
  }

  /** Counts an update that found its item gone: dropped after maxReplays, or overwritten. */
  private void countGone(int slot, long stamp) {
    if (slot >= 0 && droppedStamp[slot] == stamp) {
      droppedUpdates++;
    } else {
      staleUpdates++;
    }
  }

  @Override
  public int update(ItemRefs refs, float[] losses) {
    return update(refs.size(), refs.slots(), refs.stamps(), losses, null);
  }

  @Override
  public int update(ItemRefs refs, float[] losses, float[] gradientNorms) {
    return update(refs.size(), refs.slots(), refs.stamps(), losses, gradientNorms);
  }

  @Override
  public int update(int n, int[] slots, long[] stamps, float[] losses, float[] gradientNorms) {
    validateRefs(n, slots, stamps);
    validateValues("losses", n, losses);
    if (rule.requiresGradientNorms()) {
      checkArgument(gradientNorms != null, "replay.weight=%s needs per-example gradient norms;"
          + " pass them to update(refs, losses, gradientNorms)", rule.name());
    }
    if (gradientNorms != null) {
      validateValues("gradient norms", n, gradientNorms);
    }
    lock.lock();
    try {
      ensureOpen();
      double[] w = scratch(n);
      double eps = config.epsilon();
      // Pass 1 computes every weight without touching state, so a misbehaving rule leaves the
      // buffer unchanged; duplicates see the pre-call ℓ_prev.
      for (int i = 0; i < n; i++) {
        int slot = slots[i];
        if (stale(slot, stamps[i])) {
          continue;
        }
        double norm = gradientNorms == null ? Double.NaN : gradientNorms[i];
        double weight = rule.weight(losses[i], store.lastLoss(slot), norm, eps);
        if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY) && !Double.isNaN(weight)) {
          throw new IllegalStateException("priority rule '" + rule.name() + "' returned " + weight
              + " for loss " + losses[i] + " (row " + i + "); nothing was updated");
        }
        w[i] = weight;
      }
      return apply(n, slots, stamps, w, losses);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int setWeights(int n, int[] slots, long[] stamps, double[] weights) {
    validateRefs(n, slots, stamps);
    checkNotNull(weights, "weights");
    if (weights.length < n) {
      throw new IllegalArgumentException("weights hold " + weights.length + " values for " + n
          + " rows");
    }
    for (int i = 0; i < n; i++) {
      double v = weights[i];
      if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException("weights[" + i + "] = " + v
            + ": a priority must be finite and >= 0; nothing was updated");
      }
    }
    lock.lock();
    try {
      ensureOpen();
      return apply(n, slots, stamps, weights, null);
    } finally {
      lock.unlock();
    }
  }

  private double[] scratch(int n) {
    if (scratch.length < n) {
      scratch = new double[Math.max(n, scratch.length * 2)];
    }
    return scratch;
  }

  /**
   * Sets weights (a NaN weight keeps the item's weight: the rule is not defined for it yet) and,
   * with {@code losses}, records the losses and marks the items trained on.
   */
  private int apply(int n, int[] slots, long[] stamps, double[] weights, float[] losses) {
    int epoch = ++updateEpoch;
    if (epoch == 0) {
      // 2^32 calls later the marks would alias; start over.
      Arrays.fill(updateMark, 0);
      epoch = updateEpoch = 1;
    }
    int applied = 0;
    for (int i = 0; i < n; i++) {
      int slot = slots[i];
      if (stale(slot, stamps[i])) {
        countGone(slot, stamps[i]);
        continue;
      }
      if (updateMark[slot] == epoch) {
        duplicateUpdates++;
        continue;
      }
      updateMark[slot] = epoch;
      double weight = weights[i];
      if (!Double.isNaN(weight)) {
        store.setWeight(slot, weight);
        entry.observe(weight);
      }
      if (losses != null) {
        store.setLastLoss(slot, losses[i]);
        if (store.isUnused(slot)) {
          store.markUsed(slot);
        }
      }
      sampler.onUpdate(slot, store);
      eviction.onUpdate(slot, store);
      applied++;
    }
    updates += applied;
    return applied;
  }

  @Override
  public int recordLosses(ItemRefs refs, float[] losses) {
    int n = refs.size();
    int[] slots = refs.slots();
    long[] stamps = refs.stamps();
    validateRefs(n, slots, stamps);
    validateValues("losses", n, losses);
    lock.lock();
    try {
      ensureOpen();
      int recorded = 0;
      for (int i = 0; i < n; i++) {
        int slot = slots[i];
        if (stale(slot, stamps[i])) {
          countGone(slot, stamps[i]);
          continue;
        }
        store.setLastLoss(slot, losses[i]);
        store.markUsed(slot);
        // Policies that read the loss (e.g. a hardness sampler) must see it.
        sampler.onUpdate(slot, store);
        eviction.onUpdate(slot, store);
        recorded++;
      }
      lossesRecorded += recorded;
      return recorded;
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ housekeeping

  @Override
  public void clear() {
    lock.lock();
    try {
      ensureOpen();
      for (int s = store.oldest(); s != ItemView.NONE; s = store.newer(s)) {
        departedHistogram[Math.min(store.replays(s), HISTOGRAM_BINS - 1)]++;
      }
      cleared += store.size();
      store.clear();
      sampler.clear();
      eviction.clear();
      insertable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ReplayStats stats() {
    lock.lock();
    try {
      long[] histogram = departedHistogram.clone();
      for (int s = store.oldest(); s != ItemView.NONE; s = store.newer(s)) {
        histogram[Math.min(store.replays(s), HISTOGRAM_BINS - 1)]++;
      }
      return new ReplayStats(store.size(), capacity, store.unusedCount(), offered, inserted,
          rejected, evicted, dropped, cleared, sampleCalls, sampledItems, firstUseDraws,
          freshItems, updates, staleUpdates, droppedUpdates, duplicateUpdates, lossesRecorded,
          refusals, waits, entry.value(), histogram);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public SamplingDistribution samplingDistribution() {
    lock.lock();
    try {
      int n = store.size();
      double[] p = new double[n];
      int i = 0;
      for (int s = store.oldest(); s != ItemView.NONE && i < n; s = store.newer(s)) {
        p[i++] = sampler.probability(s, store);
      }
      return SamplingDistribution.of(p, i);
    } finally {
      lock.unlock();
    }
  }

  /** Heap bytes per item of capacity: payload, metadata, sampler and eviction indexes. */
  double bytesPerItem() {
    return store.payloadBytesPerItem() + store.metadataBytesPerItem() + 4 /* updateMark */
        + sampler.bytesPerSlot() + eviction.bytesPerSlot();
  }

  ItemStore store() {
    return store;
  }

  @Override
  public void verifyIntegrity() {
    lock.lock();
    try {
      store.verify();
      sampler.verify(store);
      eviction.verify(store);
      checkState(offered == inserted + rejected, "offered %s != inserted %s + rejected %s",
          offered, inserted, rejected);
      checkState(inserted - evicted - dropped - cleared == store.size(),
          "inserted %s - evicted %s - dropped %s - cleared %s != size %s", inserted, evicted,
          dropped, cleared, store.size());
      for (int s = store.oldest(); s != ItemView.NONE; s = store.newer(s)) {
        double w = store.weight(s);
        checkState(w >= 0 && w < Double.POSITIVE_INFINITY, "slot %s has weight %s", (Object) s, w);
      }
      long histogramTotal = 0;
      for (long h : departedHistogram) {
        histogramTotal += h;
      }
      checkState(histogramTotal == evicted + dropped + cleared,
          "replay histogram counts %s departures, counters say %s", histogramTotal,
          evicted + dropped + cleared);
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ persistence

  @Override
  public void snapshot(Path file) throws IOException {
    lock.lock();
    try {
      if (trace != null) {
        trace.flush();
      }
      SnapshotFile.write(file, this::writeState);
    } finally {
      lock.unlock();
    }
  }

  static void writeConfig(StateWriter out, ReplayConfig config) throws IOException {
    var map = config.toMap();
    out.writeInt("config.count", map.size());
    for (var e : map.entrySet()) {
      out.writeString("config.key", e.getKey());
      out.writeString("config.value", e.getValue());
    }
  }

  static ReplayConfig readConfig(StateReader in) throws IOException {
    int count = in.readInt("config.count", 0, 1000);
    var map = new java.util.LinkedHashMap<String, String>();
    for (int i = 0; i < count; i++) {
      String key = in.readString("config.key");
      map.put(key, in.readString("config.value"));
    }
    try {
      return ReplayConfig.fromMap(map);
    } catch (IllegalArgumentException e) {
      throw in.invalid("config", e.getMessage());
    }
  }

  private void writeState(StateWriter out) throws IOException {
    writeConfig(out, config);
    out.writeBoolean("enabled", true);
    out.writeString("eviction.name", evictionName);
    out.writeString("sampler.class", sampler.getClass().getName());
    store.writeState(out);
    sampler.writeState(out);
    eviction.writeState(out);
    out.writeLongs("random.state", random.state(), 0, 4);
    entry.writeState(out);
    out.writeLong("buffer.offered", offered);
    out.writeLong("buffer.inserted", inserted);
    out.writeLong("buffer.rejected", rejected);
    out.writeLong("buffer.evicted", evicted);
    out.writeLong("buffer.dropped", dropped);
    out.writeLong("buffer.cleared", cleared);
    out.writeLong("buffer.sampleCalls", sampleCalls);
    out.writeLong("buffer.sampledItems", sampledItems);
    out.writeLong("buffer.firstUseDraws", firstUseDraws);
    out.writeLong("buffer.freshItems", freshItems);
    out.writeLong("buffer.updates", updates);
    out.writeLong("buffer.staleUpdates", staleUpdates);
    out.writeLong("buffer.droppedUpdates", droppedUpdates);
    out.writeLong("buffer.duplicateUpdates", duplicateUpdates);
    out.writeLong("buffer.lossesRecorded", lossesRecorded);
    out.writeLong("buffer.refusals", refusals);
    out.writeLong("buffer.waits", waits);
    out.writeLongs("buffer.departedHistogram", departedHistogram, 0, HISTOGRAM_BINS);
    out.writeInt("buffer.updateEpoch", updateEpoch);
    out.writeInts("buffer.updateMark", updateMark, 0, capacity);
    out.writeLongs("buffer.droppedStamp", droppedStamp, 0, capacity);
    out.writeLong("limiter.inserts", limiter.inserts());
    out.writeLong("limiter.samples", limiter.samples());
  }

  /** Reads everything after the config and "enabled" flag into this freshly built buffer. */
  void readState(StateReader in) throws IOException {
    String e = in.readString("eviction.name");
    if (!e.equals(evictionName)) {
      throw in.invalid("eviction.name", "snapshot used eviction '" + e + "', the configuration"
          + " resolves to '" + evictionName + "'");
    }
    String samplerClass = in.readString("sampler.class");
    if (!samplerClass.equals(sampler.getClass().getName())) {
      throw in.invalid("sampler.class", "snapshot was written by sampler " + samplerClass
          + ", strategy '" + config.strategy() + "' now provides "
          + sampler.getClass().getName());
    }
    store.readState(in);
    sampler.readState(in, store);
    eviction.readState(in, store);
    long[] state = new long[4];
    in.readLongs("random.state", state, 0, 4);
    try {
      random.setState(state);
    } catch (IllegalArgumentException ex) {
      throw in.invalid("random.state", ex.getMessage());
    }
    entry.readState(in);
    offered = in.readLong("buffer.offered");
    inserted = in.readLong("buffer.inserted");
    rejected = in.readLong("buffer.rejected");
    evicted = in.readLong("buffer.evicted");
    dropped = in.readLong("buffer.dropped");
    cleared = in.readLong("buffer.cleared");
    sampleCalls = in.readLong("buffer.sampleCalls");
    sampledItems = in.readLong("buffer.sampledItems");
    firstUseDraws = in.readLong("buffer.firstUseDraws");
    freshItems = in.readLong("buffer.freshItems");
    updates = in.readLong("buffer.updates");
    staleUpdates = in.readLong("buffer.staleUpdates");
    droppedUpdates = in.readLong("buffer.droppedUpdates");
    duplicateUpdates = in.readLong("buffer.duplicateUpdates");
    lossesRecorded = in.readLong("buffer.lossesRecorded");
    refusals = in.readLong("buffer.refusals");
    waits = in.readLong("buffer.waits");
    in.readLongs("buffer.departedHistogram", departedHistogram, 0, HISTOGRAM_BINS);
    updateEpoch = in.readInt("buffer.updateEpoch");
    in.readInts("buffer.updateMark", updateMark, 0, capacity);
    in.readLongs("buffer.droppedStamp", droppedStamp, 0, capacity);
    limiter.restore(in.readLong("limiter.inserts"), in.readLong("limiter.samples"));
    try {
      verifyIntegrity();
    } catch (IllegalStateException ex) {
      throw in.invalid("buffer", "restored state is inconsistent: " + ex.getMessage());
    }
  }

  // ------------------------------------------------------------------ trace & close

  @Override
  public void startTrace(Path file, TraceFormat format, boolean append) throws IOException {
    checkNotNull(file, "file");
    checkNotNull(format, "format");
    lock.lock();
    try {
      ensureOpen();
      TraceWriter next = TraceWriter.open(file, format, append);
      if (trace != null) {
        trace.close();
      }
      trace = next;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stopTrace() throws IOException {
    lock.lock();
    try {
      if (trace != null) {
        TraceWriter t = trace;
        trace = null;
        t.close();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      insertable.signalAll();
      sampleable.signalAll();
      try {
        stopTrace();
      } catch (IOException e) {
        throw new UncheckedIOException("closing the replay trace failed", e);
      }
    } finally {
      lock.unlock();
    }
  }
}
