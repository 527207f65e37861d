package io.tmr.replay.sampling;

import io.tmr.replay.spi.ItemView;

/** An {@link ItemView} over a weight array in which every slot is occupied; for sampler tests. */
class FakeItems implements ItemView {

  final double[] weights;
  final float[] losses;

  FakeItems(double[] weights) {
    this.weights = weights;
    this.losses = new float[weights.length];
  }

  @Override
  public int capacity() {
    return weights.length;
  }

  @Override
  public int size() {
    return weights.length;
  }

  @Override
  public boolean isOccupied(int slot) {
    return true;
  }

  @Override
  public long stamp(int slot) {
    return slot;
  }

  @Override
  public double weight(int slot) {
    return weights[slot];
  }

  @Override
  public float lastLoss(int slot) {
    return losses[slot];
  }

  @Override
  public int replays(int slot) {
    return 0;
  }

  @Override
  public long creationStep(int slot) {
    return 0;
  }

  @Override
  public int length(int slot) {
    return 1;
  }

  @Override
  public int oldest() {
    return weights.length == 0 ? NONE : 0;
  }

  @Override
  public int newest() {
    return weights.length - 1;
  }

  @Override
  public int newer(int slot) {
    return slot + 1 < weights.length ? slot + 1 : NONE;
  }

  @Override
  public int older(int slot) {
    return slot - 1;
  }
}
