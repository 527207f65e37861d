package io.tmr.replay;

/**
 * A consistent copy of every stored item's bookkeeping, oldest first, taken under the buffer's
 * lock: for audits, tests and accounting (mean/min/max weight, mean age). O(size) to take.
 *
 * @param slots slot of each item
 * @param stamps generation stamp of each slot
 * @param weights current weight (priority before the α exponent)
 * @param lastLosses last discriminator loss recorded for the item (NaN when none yet)
 * @param replays times the item has been replayed
 * @param creationSteps generator step that produced the item
 */
public record ItemSnapshot(
    int[] slots,
    long[] stamps,
    double[] weights,
    float[] lastLosses,
    int[] replays,
    long[] creationSteps) {

  /** Copies every item of {@code items}, oldest first (call under the buffer's lock). */
  static ItemSnapshot of(io.tmr.replay.spi.ItemView items) {
    int n = items.size();
    int[] slots = new int[n];
    long[] stamps = new long[n];
    double[] weights = new double[n];
    float[] losses = new float[n];
    int[] replays = new int[n];
    long[] created = new long[n];
    int i = 0;
    for (int s = items.oldest();
        s != io.tmr.replay.spi.ItemView.NONE && i < n;
        s = items.newer(s), i++) {
      slots[i] = s;
      stamps[i] = items.stamp(s);
      weights[i] = items.weight(s);
      losses[i] = items.lastLoss(s);
      replays[i] = items.replays(s);
      created[i] = items.creationStep(s);
    }
    return new ItemSnapshot(slots, stamps, weights, losses, replays, created);
  }

  public int size() {
    return slots.length;
  }

  /** Index of {@code slot} in this snapshot, or -1. */
  public int indexOf(int slot) {
    for (int i = 0; i < slots.length; i++) {
      if (slots[i] == slot) {
        return i;
      }
    }
    return -1;
  }

  public double meanWeight() {
    double s = 0;
    for (double w : weights) {
      s += w;
    }
    return weights.length == 0 ? Double.NaN : s / weights.length;
  }

  public double minWeight() {
    double m = Double.POSITIVE_INFINITY;
    for (double w : weights) {
      m = Math.min(m, w);
    }
    return weights.length == 0 ? Double.NaN : m;
  }

  /** Mean of {@code step - creationStep} over the items. */
  public double meanAge(long step) {
    double s = 0;
    for (long c : creationSteps) {
      s += step - c;
    }
    return creationSteps.length == 0 ? Double.NaN : s / creationSteps.length;
  }
}
