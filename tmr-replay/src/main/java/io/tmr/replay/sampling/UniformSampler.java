package io.tmr.replay.sampling;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;

/**
 * Uniform sampling over the stored items, {@code P(i) = 1/N}. A dense array of occupied slots (with
 * swap-remove) keeps draws O(1) even when removals leave holes in the slot range.
 */
public final class UniformSampler implements SamplingPolicy {

  private final int[] dense;
  private final int[] position;
  private final boolean stratified;
  private int size;

  public UniformSampler(int capacity, boolean stratified) {
    this.dense = new int[capacity];
    this.position = new int[capacity];
    this.stratified = stratified;
  }

  public UniformSampler(ReplayConfig config) {
    this(config.capacity(), config.sampling() == ReplayConfig.Sampling.STRATIFIED);
  }

  @Override
  public void onInsert(int slot, ItemView items) {
    position[slot] = size;
    dense[size++] = slot;
  }

  @Override
  public void onUpdate(int slot, ItemView items) {
    // weights do not matter to a uniform draw
  }

  @Override
  public void onRemove(int slot, ItemView items) {
    int p = position[slot];
    int last = dense[--size];
    dense[p] = last;
    position[last] = p;
  }

  @Override
  public void clear() {
    size = 0;
  }

  @Override
  public void sample(
      int n, ReplayRandom random, ItemView items, int[] slotsOut, double[] probabilitiesOut) {
    int m = size;
    double p = 1.0 / m;
    if (stratified) {
      double segment = (double) m / n;
      for (int k = 0; k < n; k++) {
        int index = (int) ((k + random.nextDouble()) * segment);
        slotsOut[k] = dense[Math.min(index, m - 1)];
        probabilitiesOut[k] = p;
      }
    } else {
      for (int k = 0; k < n; k++) {
        slotsOut[k] = dense[random.nextInt(m)];
        probabilitiesOut[k] = p;
      }
    }
  }

  @Override
  public double probability(int slot, ItemView items) {
    return items.isOccupied(slot) ? 1.0 / size : 0.0;
  }

  @Override
  public void writeState(StateWriter out) throws IOException {
    out.writeInts("sampler.dense", dense, 0, size);
  }

  @Override
  public void readState(StateReader in, ItemView items) throws IOException {
    size = items.size();
    in.readInts("sampler.dense", dense, 0, size);
    boolean[] seen = new boolean[items.capacity()];
    for (int i = 0; i < size; i++) {
      int slot = dense[i];
      if (slot < 0 || slot >= items.capacity() || !items.isOccupied(slot) || seen[slot]) {
        throw in.invalid(
            "sampler.dense", "entry " + i + " (slot " + slot + ") is not a distinct occupied slot");
      }
      seen[slot] = true;
      position[slot] = i;
    }
  }

  @Override
  public void verify(ItemView items) {
    checkState(
        size == items.size(), "uniform sampler holds %s slots, store has %s", size, items.size());
    for (int i = 0; i < size; i++) {
      checkState(
          items.isOccupied(dense[i]) && position[dense[i]] == i,
          "uniform sampler entry %s (slot %s) is inconsistent",
          i,
          dense[i]);
    }
  }

  @Override
  public double bytesPerSlot() {
    return 8;
  }
}
