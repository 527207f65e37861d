package io.tmr.replay.sampling;

/**
 * The implementation the drift test must reject: float nodes updated by propagating the delta (the
 * usual shortcut). Kept in the tests only, as evidence that the drift check can fail.
 */
final class NaiveFloatSumTree {

  private final int base;
  private final float[] nodes;

  NaiveFloatSumTree(int capacity) {
    base = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
    nodes = new float[2 * base];
  }

  void set(int index, double value) {
    int i = base + index;
    float delta = (float) value - nodes[i];
    for (; i >= 1; i >>>= 1) {
      nodes[i] += delta;
    }
  }

  double total() {
    return nodes[1];
  }
}
