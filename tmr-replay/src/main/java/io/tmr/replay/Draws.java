package io.tmr.replay;

import io.tmr.replay.ratelimit.RateLimiter;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.storage.ItemStore;
import io.tmr.replay.trace.TraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * What a buffer hands out: replay draws by the sampling policy (with importance weights, replay
 * counts, first uses, drops after {@code replay.maxReplays}, and the {@link DrawListener}s, the
 * trace among them, told about each call) and fresh takes of the newest unused items. Not
 * thread-safe: used under the buffer's lock, after {@link BufferArguments} checked the batch.
 */
final class Draws {
  private final ReplayConfig config;
  private final ItemStore store;
  private final SamplingPolicy sampler;
  private final ReplayRandom random;
  private final BufferCounters counters;
  private final RateLimiter limiter;
  private final Priorities priorities;

  /** Removes an item (the buffer's own departure, which also tells the policies). */
  private final IntConsumer depart;

  /** The trace, if any: also the first of {@link #listeners}. */
  private TraceWriter trace;

  private final List<DrawListener> listeners = new ArrayList<>();

  Draws(BufferParts parts, Priorities priorities) {
    this.config = parts.config();
    this.store = parts.store();
    this.sampler = parts.sampler();
    this.random = parts.random();
    this.counters = parts.counters();
    this.limiter = parts.limiter();
    this.priorities = priorities;
    this.depart = parts::depart;
  }

  /**
   * The trace told about every draw from now on ({@code null}: none); the previous one is closed.
   */
  void replaceTrace(TraceWriter next) throws IOException {
    TraceWriter previous = trace;
    trace = next;
    if (previous != null) {
      listeners.remove(previous);
      previous.close();
    }
    if (next != null) {
      listeners.add(0, next);
    }
  }

  /** A listener told about every draw from now on. */
  void addListener(DrawListener listener) {
    listeners.add(listener);
  }

  void flushTrace() throws IOException {
    if (trace != null) {
      trace.flush();
    }
  }

  void draw(int n, SampleBatch out) {
    long step = counters.sampleCalls;
    double beta = config.betaAt(step);
    int[] slots = out.slots;
    double[] p = out.probabilities;
    sampler.sample(n, random, store, slots, p);
    boolean rows = out.hasRows();
    int seqLen = out.seqLen();
    int[] original = out.hasOriginalIds() ? out.originalIds : null;
    int capacity = config.capacity();
    // One pass per row: validate the policy's answer, copy metadata and tokens, count the replay.
    // (Counting now is safe for duplicates: a row's tokens do not depend on its replay count.)
    int firstUses = 0;
    for (int k = 0; k < n; k++) {
      int slot = slots[k];
      long stamp = slot >= 0 && slot < capacity ? store.stamp(slot) : -1L;
      if (!(stamp >= 0 && p[k] > 0 && p[k] <= 1.0 + 1e-9)) {
        throw new IllegalStateException(
            "sampling policy of '"
                + config.strategy()
                + "' returned slot "
                + slot
                + " with probability "
                + p[k]
                + " (row "
                + k
                + ")");
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
          priorities.dropped(slot, out.stamps[k]);
          depart.accept(slot);
          counters.dropped++;
        }
      }
    }
    counters.sampleCalls++;
    counters.sampledItems += n;
    counters.firstUseDraws += firstUses;
    limiter.recordSamples(n);
    out.size = n;
    out.firstUses = firstUses;
    out.beta = beta;
    out.step = step;
    out.fresh = false;
    for (DrawListener l : listeners) {
      try {
        l.drawn(out);
      } catch (IOException e) {
        throw new UncheckedIOException(
            (l == trace ? "writing the replay trace" : "draw listener " + l)
                + " failed at step "
                + step,
            e);
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

  /** Up to {@code max} of the newest unused items, newest first, marked used; returns how many. */
  int takeFresh(int max, SampleBatch out) {
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
        store.readRow(
            slot, i, out.seqLen(), out.corruptedIds, out.labels, original, out.segmentIds);
        out.lengths[i] = store.length(slot);
      }
      store.markUsed(slot);
    }
    counters.freshItems += k;
    limiter.recordSamples(k);
    out.size = k;
    out.firstUses = 0;
    out.beta = config.betaAt(counters.sampleCalls);
    out.step = counters.sampleCalls;
    out.fresh = true;
    return k;
  }
}
