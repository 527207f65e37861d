package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;

/**
 * Where each row of an inserted batch went: its slot and generation stamp, or slot {@code -1} when
 * the row was not stored (rejected by the reservoir, or the buffer is disabled). Reusable: each
 * insert overwrites it.
 */
public final class InsertReceipt implements ItemRefs {

  private final int[] slots;
  private final long[] stamps;
  private int size;
  private int stored;

  public InsertReceipt(int maxRows) {
    checkArgument(maxRows >= 1, "maxRows must be >= 1, got %s", maxRows);
    slots = new int[maxRows];
    stamps = new long[maxRows];
  }

  public int maxRows() {
    return slots.length;
  }

  @Override
  public int size() {
    return size;
  }

  /** Rows actually stored. */
  public int stored() {
    return stored;
  }

  @Override
  public int[] slots() {
    return slots;
  }

  @Override
  public long[] stamps() {
    return stamps;
  }

  public int slot(int row) {
    checkElementIndex(row, size);
    return slots[row];
  }

  public long stamp(int row) {
    checkElementIndex(row, size);
    return stamps[row];
  }

  void reset() {
    size = 0;
    stored = 0;
  }

  void add(int slot, long stamp) {
    slots[size] = slot;
    stamps[size] = stamp;
    size++;
    if (slot >= 0) {
      stored++;
    }
  }
}
