package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.replay.spi.EvictionPolicy;
import io.tmr.replay.spi.PriorityRule;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import io.tmr.replay.storage.ItemStore;
import java.io.IOException;
import java.util.Arrays;

/**
 * A buffer's priority bookkeeping: the rule's updates ({@link ReplayBuffer#update}), weights set
 * directly, losses recorded without a weight, the {@link EntryPriority} new items get, and the
 * stamps that tell an update whose item was overwritten (stale) from one whose item was dropped
 * after {@code replay.maxReplays} replays. Every update is checked against the item's generation
 * stamp; within one call only the first occurrence of an item applies. Not thread-safe: used under
 * the buffer's lock, after {@link BufferArguments} checked the arguments.
 */
final class Priorities {
  private final ReplayConfig config;
  private final PriorityRule rule;
  private final ItemStore store;
  private final SamplingPolicy sampler;
  private final EvictionPolicy eviction;
  private final BufferCounters counters;
  private final EntryPriority entry;

  /** Per slot, the update call that last changed it: finds duplicates within one call. */
  private final int[] updateMark;

  private int updateEpoch;

  /** Per slot, the stamp of the item last dropped from it after replay.maxReplays replays. */
  private final long[] droppedStamp;

  private double[] scratch = new double[64];

  Priorities(BufferParts parts, PriorityRule rule) {
    this.config = parts.config();
    this.rule = rule;
    this.store = parts.store();
    this.sampler = parts.sampler();
    this.eviction = parts.eviction();
    this.counters = parts.counters();
    this.entry = new EntryPriority(config.newPriorityQuantile(), config.priorityWindow());
    this.updateMark = new int[config.capacity()];
    this.droppedStamp = new long[config.capacity()];
    Arrays.fill(droppedStamp, -1L);
  }

  /** The priority a new item gets now. */
  double entryPriority() {
    return entry.value();
  }

  /**
   * Records that the item with {@code stamp} in {@code slot} was dropped after its last allowed
   * replay.
   */
  void dropped(int slot, long stamp) {
    droppedStamp[slot] = stamp;
  }

  boolean requiresGradientNorms() {
    return rule.requiresGradientNorms();
  }

  String ruleName() {
    return rule.name();
  }

  private boolean stale(int slot, long stamp) {
    return slot < 0 || store.stamp(slot) != stamp;
  }

  /** Counts an update that found its item gone: dropped after maxReplays, or overwritten. */
  private void countGone(int slot, long stamp) {
    if (slot >= 0 && droppedStamp[slot] == stamp) {
      counters.droppedUpdates++;
    } else {
      counters.staleUpdates++;
    }
  }

  /**
   * Applies the rule to the losses (and norms) measured on rows {@code [0, n)}; returns updates
   * applied.
   */
  int update(int n, int[] slots, long[] stamps, float[] losses, float[] gradientNorms) {
    checkArgument(
        !rule.requiresGradientNorms() || gradientNorms != null,
        "replay.weight=%s needs per-example gradient norms; "
            + "pass them to update(refs, losses, gradientNorms)",
        rule.name());
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
        throw new IllegalStateException(
            "priority rule '"
                + rule.name()
                + "' returned "
                + weight
                + " for loss "
                + losses[i]
                + " (row "
                + i
                + "); nothing was updated");
      }
      w[i] = weight;
    }
    return apply(n, slots, stamps, w, losses);
  }

  /** Sets weights directly (bypassing the rule). */
  int set(int n, int[] slots, long[] stamps, double[] weights) {
    return apply(n, slots, stamps, weights, null);
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
        counters.duplicateUpdates++;
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
    counters.updates += applied;
    return applied;
  }

  /**
   * Records losses (ℓ_prev) without changing weights and marks the items trained on; returns losses
   * recorded.
   */
  int recordLosses(int n, int[] slots, long[] stamps, float[] losses) {
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
    counters.lossesRecorded += recorded;
    return recorded;
  }

  /** Heap bytes per slot of the marks. */
  static int bytesPerSlot() {
    return 4 + 8;
  }

  void write(StateWriter out) throws IOException {
    entry.writeState(out);
    out.writeInt("buffer.updateEpoch", updateEpoch);
    out.writeInts("buffer.updateMark", updateMark, 0, updateMark.length);
    out.writeLongs("buffer.droppedStamp", droppedStamp, 0, droppedStamp.length);
  }

  void read(StateReader in) throws IOException {
    entry.readState(in);
    updateEpoch = in.readInt("buffer.updateEpoch");
    in.readInts("buffer.updateMark", updateMark, 0, updateMark.length);
    in.readLongs("buffer.droppedStamp", droppedStamp, 0, droppedStamp.length);
  }
}
