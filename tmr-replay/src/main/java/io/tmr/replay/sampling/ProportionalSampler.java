package io.tmr.replay.sampling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;

/**
 * Proportional prioritized sampling (Schaul et al. 2016): {@code P(i) = p_i^α / Σ_k p_k^α} with
 * {@code p_i} the item's weight, over a {@link SumTree}.
 *
 * <p>Draws are independent with replacement ({@code u ~ U[0, Σ)}) or, with {@code
 * replay.sampling=stratified}, one per equal-mass segment ({@code u_k ~ U[kΣ/n, (k+1)Σ/n)}). Either
 * way each row reports {@code P(i)} as its probability: exact for independent draws, the expected
 * share of rows for stratified ones.
 *
 * <p>Subclasses change what is prioritised by overriding {@link #basePriority}; the example
 * "hardness" plugin in the tests does exactly that.
 */
public class ProportionalSampler implements SamplingPolicy {

  private final SumTree tree;
  private final double alpha;
  private final boolean stratified;

  /** Scratch for a batch's uniform draws; grows with the largest batch, never shrinks. */
  private double[] us = new double[64];

  public ProportionalSampler(int capacity, double alpha, boolean stratified) {
    checkArgument(
        Double.isFinite(alpha) && alpha >= 0, "alpha must be finite and >= 0, got %s", alpha);
    this.tree = new SumTree(capacity);
    this.alpha = alpha;
    this.stratified = stratified;
  }

  public ProportionalSampler(ReplayConfig config) {
    this(config.capacity(), config.alpha(), config.sampling() == ReplayConfig.Sampling.STRATIFIED);
  }

  /** The priority before the exponent; the item's weight unless a subclass says otherwise. */
  protected double basePriority(int slot, ItemView items) {
    return items.weight(slot);
  }

  /** {@code p^α}, with the common exponents computed without {@code pow}. */
  protected final double leafValue(double p) {
    if (alpha == 1.0) {
      return p;
    } else if (alpha == 0.5) {
      return Math.sqrt(p);
    } else if (alpha == 0.0) {
      return 1.0;
    }
    return Math.pow(p, alpha);
  }

  private double leafFor(int slot, ItemView items) {
    double p = basePriority(slot, items);
    if (!(p >= 0 && p < Double.POSITIVE_INFINITY)) {
      throw new IllegalStateException(
          getClass().getName()
              + ": priority of slot "
              + slot
              + " is "
              + p
              + " (must be finite and >= 0)");
    }
    return leafValue(p);
  }

  @Override
  public void onInsert(int slot, ItemView items) {
    tree.set(slot, leafFor(slot, items));
  }

  @Override
  public void onUpdate(int slot, ItemView items) {
    tree.set(slot, leafFor(slot, items));
  }

  @Override
  public void onRemove(int slot, ItemView items) {
    tree.set(slot, 0.0);
  }

  @Override
  public void clear() {
    tree.clear();
  }

  @Override
  public void sample(
      int n, ReplayRandom random, ItemView items, int[] slotsOut, double[] probabilitiesOut) {
    double total = tree.total();
    if (!(total > 0)) {
      throw new IllegalStateException("every stored item has priority 0; nothing can be sampled");
    }
    if (us.length < n) {
      us = new double[Math.max(n, 2 * us.length)];
    }
    double[] u = us;
    if (stratified) {
      double segment = total / n;
      for (int k = 0; k < n; k++) {
        u[k] = (k + random.nextDouble()) * segment;
      }
    } else {
      for (int k = 0; k < n; k++) {
        u[k] = random.nextDouble() * total;
      }
    }
    SumTree t = tree;
    t.findAll(u, n, slotsOut);
    for (int k = 0; k < n; k++) {
      probabilitiesOut[k] = t.get(slotsOut[k]) / total;
    }
  }

  @Override
  public double probability(int slot, ItemView items) {
    double total = tree.total();
    return total > 0 ? tree.get(slot) / total : 0.0;
  }

  /** The underlying tree (read access for audits and tests). */
  public SumTree tree() {
    return tree;
  }

  @Override
  public void writeState(StateWriter out) throws IOException {
    tree.writeState(out, "sampler.sumTree");
  }

  @Override
  public void readState(StateReader in, ItemView items) throws IOException {
    tree.readState(in, "sampler.sumTree");
    for (int slot = 0; slot < items.capacity(); slot++) {
      double expected = items.isOccupied(slot) ? leafFor(slot, items) : 0.0;
      if (tree.get(slot) != expected) {
        throw in.invalid(
            "sampler.sumTree.nodes",
            "leaf "
                + slot
                + " is "
                + tree.get(slot)
                + " but the stored item's priority gives "
                + expected);
      }
    }
  }

  @Override
  public void verify(ItemView items) {
    tree.verify(1e-12);
    for (int slot = 0; slot < items.capacity(); slot++) {
      double expected = items.isOccupied(slot) ? leafFor(slot, items) : 0.0;
      checkState(
          tree.get(slot) == expected,
          "sum-tree leaf %s is %s, item priority gives %s",
          slot,
          tree.get(slot),
          expected);
    }
  }

  @Override
  public double bytesPerSlot() {
    return tree.bytesPerSlot();
  }
}
