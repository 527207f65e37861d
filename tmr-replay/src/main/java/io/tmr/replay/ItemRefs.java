package io.tmr.replay;

/**
 * References to stored items as (slot, generation stamp) pairs, valid in {@code [0, size())}: what
 * sample batches and insert receipts hand back and what updates take. A reference whose stamp no
 * longer matches its slot (the item was evicted or dropped meanwhile) is stale; updates through it
 * are ignored and counted.
 */
public interface ItemRefs {

  int size();

  /** Slots, valid in {@code [0, size())}; {@code -1} for a row that was not stored. */
  int[] slots();

  /** Generation stamps, parallel to {@link #slots()}. */
  long[] stamps();
}
