package io.tmr.replay.spi;

/**
 * Read-only view of the stored items, addressed by slot, handed to plugins.
 *
 * <p>Slots are dense integers in {@code [0, capacity)}. An empty slot has {@link #stamp} {@code
 * -1}. Accessors for an empty slot return unspecified values; plugins only ask about slots they
 * were told about through their {@code onInsert}/{@code onUpdate} hooks. The view also exposes the
 * insertion order (a doubly linked list over occupied slots) so that age-based policies need no
 * bookkeeping of their own.
 */
public interface ItemView {

  /** Marker for "no slot" (empty list end, rejected insert). */
  int NONE = -1;

  int capacity();

  /** Number of occupied slots. */
  int size();

  boolean isOccupied(int slot);

  /**
   * Generation stamp of the item now in {@code slot}: its position in the insertion stream, unique
   * over the buffer's lifetime, or {@code -1} when the slot is empty.
   */
  long stamp(int slot);

  /** The item's priority weight {@code w} (before the exponent α). */
  double weight(int slot);

  /** Last discriminator loss recorded for the item, {@code NaN} when none has been recorded. */
  float lastLoss(int slot);

  /** Times the item was drawn by {@code sample} (fresh draws do not count). */
  int replays(int slot);

  /** Generator step at which the item was created. */
  long creationStep(int slot);

  /** Number of valid tokens in the item's sequence. */
  int length(int slot);

  /** Oldest occupied slot in insertion order, or {@link #NONE} when empty. */
  int oldest();

  /** Newest occupied slot in insertion order, or {@link #NONE} when empty. */
  int newest();

  /** The next newer occupied slot, or {@link #NONE} when {@code slot} is the newest. */
  int newer(int slot);

  /** The next older occupied slot, or {@link #NONE} when {@code slot} is the oldest. */
  int older(int slot);
}
