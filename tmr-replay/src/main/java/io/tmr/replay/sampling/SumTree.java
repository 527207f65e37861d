package io.tmr.replay.sampling;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;

/**
 * A binary sum tree over non-negative doubles in one flat array (heap layout: root at 1, children
 * of {@code i} at {@code 2i} and {@code 2i+1}, leaves at {@code [base, base + capacity)} where
 * {@code base} is the smallest power of two {@code >= capacity}).
 *
 * <p>Drift: {@link #set} recomputes each ancestor as the sum of its two children instead of adding
 * a delta, so every internal node is a pure function of the current leaves and rounding error never
 * accumulates across updates: after any number of updates the root differs from the exact leaf sum
 * by at most about {@code log2(capacity)} ulps. (A delta-propagating float tree drifts without bound
 * and can go negative; the drift test demonstrates it.)
 */
public final class SumTree {

  private final int capacity;
  private final int base;
  private final double[] nodes;

  public SumTree(int capacity) {
    checkArgument(capacity >= 1 && capacity <= (1 << 29),
        "sum tree capacity must be in [1, 2^29], got %s", capacity);
    this.capacity = capacity;
    this.base = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    this.nodes = new double[2 * base];
  }

  public int capacity() {
    return capacity;
  }

  /** Sum of all leaves (the root). */
  public double total() {
    return nodes[1];
  }

  public double get(int index) {
    if (index < 0 || index >= capacity) {
      throw new IndexOutOfBoundsException("sum-tree index " + index + " outside [0, " + capacity
          + ")");
    }
    return nodes[base + index];
  }

  /** Sets leaf {@code index} to {@code value} (finite, non-negative) and refreshes its ancestors. */
  public void set(int index, double value) {
    // Explicit checks: Guava's checkArgument would box the double on every call of this hot path.
    if (index < 0 || index >= capacity) {
      throw new IndexOutOfBoundsException("sum-tree index " + index + " outside [0, " + capacity
          + ")");
    }
    if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "sum-tree value must be finite and >= 0, got " + value + " at " + index);
    }
    double[] t = nodes;
    int i = base + index;
    t[i] = value;
    for (i >>>= 1; i >= 1; i >>>= 1) {
      t[i] = t[i << 1] + t[(i << 1) | 1];
    }
  }

  /**
   * The leaf whose prefix interval contains {@code u}: the index {@code k} with
   * {@code sum(leaves[0,k)) <= u < sum(leaves[0,k])}, descending through positive subtrees only, so
   * the result is always a positive leaf even when rounding pushes {@code u} past the last
   * boundary. Requires {@code total() > 0} and {@code u >= 0}.
   */
  public int find(double u) {
    double[] t = nodes;
    int i = 1;
    int b = base;
    while (i < b) {
      int left = i << 1;
      double l = t[left];
      if (u < l) {
        i = left;
      } else if (t[left | 1] > 0) {
        u -= l;
        i = left | 1;
      } else {
        // Rounding carried u past this node's right edge; the positive mass is all on the left.
        i = left;
      }
    }
    return i - b;
  }

  /** Zeroes every leaf. */
  public void clear() {
    java.util.Arrays.fill(nodes, 0.0);
  }

  /** The leaves' sum computed afresh with Neumaier compensation (for checks). */
  public double compensatedLeafSum() {
    double sum = 0;
    double c = 0;
    for (int k = 0; k < capacity; k++) {
      double v = nodes[base + k];
      double t = sum + v;
      if (Math.abs(sum) >= Math.abs(v)) {
        c += (sum - t) + v;
      } else {
        c += (v - t) + sum;
      }
      sum = t;
    }
    return sum + c;
  }

  /**
   * Checks that every internal node equals the sum of its children exactly and that the root is
   * within {@code relativeTolerance} of the compensated leaf sum.
   */
  public void verify(double relativeTolerance) {
    for (int k = capacity; k < base; k++) {
      checkState(nodes[base + k] == 0.0, "padding leaf %s is %s", k, (Object) nodes[base + k]);
    }
    for (int i = base - 1; i >= 1; i--) {
      double expected = nodes[2 * i] + nodes[2 * i + 1];
      checkState(nodes[i] == expected, "sum-tree node %s is %s, children sum to %s", i, nodes[i],
          expected);
    }
    double exact = compensatedLeafSum();
    checkState(Math.abs(total() - exact) <= relativeTolerance * Math.abs(exact),
        "sum-tree root %s differs from the leaf sum %s beyond relative %s", total(), exact,
        relativeTolerance);
  }

  public void writeState(StateWriter out, String field) throws IOException {
    out.writeInt(field + ".capacity", capacity);
    out.writeDoubles(field + ".nodes", nodes, 0, nodes.length);
  }

  /** Reads nodes written by {@link #writeState} and checks them (no silent repair). */
  public void readState(StateReader in, String field) throws IOException {
    in.readInt(field + ".capacity", capacity, capacity);
    in.readDoubles(field + ".nodes", nodes, 0, nodes.length);
    for (int k = 0; k < capacity; k++) {
      double v = nodes[base + k];
      if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
        throw in.invalid(field + ".nodes", "leaf " + k + " is " + v);
      }
    }
    try {
      verify(1e-9);
    } catch (IllegalStateException e) {
      throw in.invalid(field + ".nodes", e.getMessage());
    }
  }

  /** Heap bytes per leaf of capacity (the array is {@code 2·base} doubles). */
  public double bytesPerSlot() {
    return 16.0 * base / capacity;
  }
}
