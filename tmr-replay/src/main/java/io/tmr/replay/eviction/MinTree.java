package io.tmr.replay.eviction;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.spi.ItemView;

/**
 * A tournament tree of slots ordered by (weight ascending, stamp ascending): the root is the
 * lowest-weight item, the oldest among equals. Each node stores the winning slot, so updates are
 * O(log n) comparisons against the store's weights.
 */
final class MinTree {

  private final int base;
  private final int[] nodes;

  MinTree(int capacity) {
    base = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    nodes = new int[2 * base];
    java.util.Arrays.fill(nodes, ItemView.NONE);
  }

  private static int better(int a, int b, ItemView items) {
    if (a == ItemView.NONE) {
      return b;
    }
    if (b == ItemView.NONE) {
      return a;
    }
    double wa = items.weight(a);
    double wb = items.weight(b);
    if (wa != wb) {
      return wa < wb ? a : b;
    }
    return items.stamp(a) <= items.stamp(b) ? a : b;
  }

  void set(int slot, boolean present, ItemView items) {
    int i = base + slot;
    nodes[i] = present ? slot : ItemView.NONE;
    for (i >>>= 1; i >= 1; i >>>= 1) {
      nodes[i] = better(nodes[i << 1], nodes[(i << 1) | 1], items);
    }
  }

  int min() {
    return nodes[1];
  }

  void clear() {
    java.util.Arrays.fill(nodes, ItemView.NONE);
  }

  void rebuild(ItemView items) {
    clear();
    for (int slot = 0; slot < items.capacity(); slot++) {
      if (items.isOccupied(slot)) {
        nodes[base + slot] = slot;
      }
    }
    for (int i = base - 1; i >= 1; i--) {
      nodes[i] = better(nodes[i << 1], nodes[(i << 1) | 1], items);
    }
  }

  void verify(ItemView items) {
    for (int slot = 0; slot < items.capacity(); slot++) {
      int expected = items.isOccupied(slot) ? slot : ItemView.NONE;
      checkState(
          nodes[base + slot] == expected, "min-tree leaf %s is %s", slot, nodes[base + slot]);
    }
    for (int i = base - 1; i >= 1; i--) {
      checkState(
          nodes[i] == better(nodes[i << 1], nodes[(i << 1) | 1], items),
          "min-tree node %s is stale",
          i);
    }
  }

  double bytesPerSlot(int capacity) {
    return 8.0 * base / capacity;
  }
}
