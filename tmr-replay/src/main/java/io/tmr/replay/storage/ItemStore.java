package io.tmr.replay.storage;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;
import java.util.Arrays;

/**
 * Fixed-capacity struct-of-arrays storage of replay items.
 *
 * <p>Per slot: corrupted ids (16 or 32 bits per token), labels (a replaced-token bitset, or the
 * original ids), segment ids (1/8/16/32 bits by {@code replay.segmentTypes}), length, creation
 * step, generation stamp, weight, last loss, replay count, and two doubly linked lists threaded
 * through index arrays: insertion order (oldest to newest) and the not-yet-used items (for fresh
 * draws). Slots are handed out lowest-first: a stack of slots freed by removals, then never-used
 * slots.
 *
 * <p>Not thread-safe: the buffer owns it and guards it with its lock. Validation of token values is
 * the caller's job (the buffer validates a whole batch before touching the store).
 */
public final class ItemStore implements ItemView {

  private final int capacity;
  private final int rowLength;
  private final boolean keepOriginal;

  private final IdColumn corrupted;
  private final IdColumn original;
  private final IdColumn.BitColumn replaced;
  private final IdColumn segments;

  private final int[] length;
  private final long[] creationStep;
  private final long[] stamp;
  private final double[] weight;
  private final float[] lastLoss;
  private final int[] replays;

  /** Every item, oldest first. */
  private final SlotList items;

  /** The items not yet trained on (neither used fresh nor replayed), oldest first. */
  private final SlotList unused;

  private final int[] freeStack;
  private int freeTop;
  private int highWater;
  private int size;

  public ItemStore(ReplayConfig config) {
    checkArgument(
        config.capacity() > 0,
        "an item store needs replay.capacity > 0, got %s (capacity 0 means: no buffer)",
        config.capacity());
    capacity = config.capacity();
    rowLength = config.maxSeqLength();
    keepOriginal = config.labels() == ReplayConfig.Labels.ORIGINAL_IDS;
    corrupted = IdColumn.forValues(Math.max(config.vocabSize(), 257), capacity, rowLength);
    original =
        keepOriginal
            ? IdColumn.forValues(Math.max(config.vocabSize(), 257), capacity, rowLength)
            : null;
    replaced = keepOriginal ? null : new IdColumn.BitColumn(capacity, rowLength);
    segments = IdColumn.forValues(config.segmentTypes(), capacity, rowLength);
    length = new int[capacity];
    creationStep = new long[capacity];
    stamp = new long[capacity];
    Arrays.fill(stamp, -1L);
    weight = new double[capacity];
    lastLoss = new float[capacity];
    replays = new int[capacity];
    items = new SlotList(capacity);
    unused = new SlotList(capacity);
    freeStack = new int[capacity];
  }

  // ---------------------------------------------------------------- ItemView

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isOccupied(int slot) {
    return stamp[slot] >= 0;
  }

  @Override
  public long stamp(int slot) {
    return stamp[slot];
  }

  @Override
  public double weight(int slot) {
    return weight[slot];
  }

  @Override
  public float lastLoss(int slot) {
    return lastLoss[slot];
  }

  @Override
  public int replays(int slot) {
    return replays[slot];
  }

  @Override
  public long creationStep(int slot) {
    return creationStep[slot];
  }

  @Override
  public int length(int slot) {
    return length[slot];
  }

  @Override
  public int oldest() {
    return items.oldest();
  }

  @Override
  public int newest() {
    return items.newest();
  }

  @Override
  public int newer(int slot) {
    return items.newer(slot);
  }

  @Override
  public int older(int slot) {
    return items.older(slot);
  }

  // ---------------------------------------------------------------- layout facts

  public int rowLength() {
    return rowLength;
  }

  public boolean keepsOriginalIds() {
    return keepOriginal;
  }

  /** Bits per stored corrupted id: 16 when the vocabulary fits, else 32. */
  public int idBits() {
    return corrupted.bitsPerValue();
  }

  public int segmentBits() {
    return segments.bitsPerValue();
  }

  /** Slots ever handed out; slots at or above it have never held an item. */
  public int highWater() {
    return highWater;
  }

  /** Number of occupied items never drawn and never trained on. */
  public int unusedCount() {
    return unused.count();
  }

  /** Heap bytes the token payload takes per item. */
  public double payloadBytesPerItem() {
    return corrupted.bytesPerRow()
        + (keepOriginal ? original.bytesPerRow() : replaced.bytesPerRow())
        + segments.bytesPerRow();
  }

  /** Heap bytes of per-item metadata and links (length, step, stamp, weight, loss, ...). */
  public double metadataBytesPerItem() {
    // length 4, creationStep 8, stamp 8, weight 8, lastLoss 4, replays 4,
    // older/newer 8, olderUnused/newerUnused 8, freeStack 4
    return 4 + 8 + 8 + 8 + 4 + 4 + 8 + 8 + 4;
  }

  // ---------------------------------------------------------------- allocation

  /** A free slot (removed items' slots first, lowest never-used slot next), or NONE when full. */
  public int allocate() {
    if (freeTop > 0) {
      return freeStack[--freeTop];
    }
    if (highWater < capacity) {
      return highWater++;
    }
    return NONE;
  }

  /**
   * Stores one item in a slot just returned by {@link #allocate()} and appends it to the insertion
   * order and to the not-yet-used list.
   *
   * @param segmentIds may be null (all zeros)
   */
  public void fill(
      int slot,
      long itemStamp,
      int[] corruptedIds,
      int[] originalIds,
      int[] segmentIds,
      int offset,
      int itemLength,
      long step,
      double itemWeight) {
    corrupted.write(slot, corruptedIds, offset, itemLength);
    if (keepOriginal) {
      original.write(slot, originalIds, offset, itemLength);
    } else {
      replaced.writeDifference(slot, corruptedIds, originalIds, offset, itemLength);
    }
    if (segmentIds != null) {
      segments.write(slot, segmentIds, offset, itemLength);
    } else {
      segments.write(slot, zeroRow(), 0, itemLength);
    }
    length[slot] = itemLength;
    creationStep[slot] = step;
    stamp[slot] = itemStamp;
    weight[slot] = itemWeight;
    lastLoss[slot] = Float.NaN;
    replays[slot] = 0;
    items.append(slot);
    unused.append(slot);
    size++;
  }

  private int[] zeroRowCache;

  /** A reusable row of zeros: omitted segment ids are written without allocating. */
  private int[] zeroRow() {
    if (zeroRowCache == null) {
      zeroRowCache = new int[rowLength];
    }
    return zeroRowCache;
  }

  /** Empties {@code slot} (which must be occupied) and makes it the next one handed out. */
  public void vacate(int slot) {
    checkState(stamp[slot] >= 0, "slot %s is already empty", slot);
    items.remove(slot);
    unused.remove(slot);
    stamp[slot] = -1L;
    freeStack[freeTop++] = slot;
    size--;
  }

  // ---------------------------------------------------------------- mutation

  public void setWeight(int slot, double w) {
    weight[slot] = w;
  }

  public void setLastLoss(int slot, float loss) {
    lastLoss[slot] = loss;
  }

  /** Adds one replay and returns the new count. */
  public int incrementReplays(int slot) {
    return ++replays[slot];
  }

  public boolean isUnused(int slot) {
    return unused.contains(slot);
  }

  /** Takes {@code slot} off the not-yet-used list (no-op when it is not on it). */
  public void markUsed(int slot) {
    unused.remove(slot);
  }

  /** Newest item not yet used, or NONE. */
  public int newestUnused() {
    return unused.newest();
  }

  /** The next older not-yet-used item, or NONE. */
  public int olderUnused(int slot) {
    return unused.older(slot);
  }

  /** Forgets every item; the slots are handed out from 0 again. */
  public void clear() {
    Arrays.fill(stamp, 0, highWater, -1L);
    items.clear(highWater);
    unused.clear(highWater);
    freeTop = 0;
    highWater = 0;
    size = 0;
  }

  // ---------------------------------------------------------------- rows

  /**
   * Copies the item in {@code slot} into row {@code row} of caller arrays with stride {@code
   * seqLen}; positions at and after the item's length are set to 0. Any array may be null to skip
   * it ({@code originalIds} must be null when original ids are not kept).
   *
   * @param labels 1 where the token was replaced by the generator, else 0
   */
  public void readRow(
      int slot,
      int row,
      int seqLen,
      int[] corruptedIds,
      int[] labels,
      int[] originalIds,
      int[] segmentIds) {
    int len = Math.min(length[slot], seqLen);
    int off = row * seqLen;
    if (corruptedIds != null) {
      corrupted.read(slot, corruptedIds, off, len);
      Arrays.fill(corruptedIds, off + len, off + seqLen, 0);
    }
    if (labels != null) {
      if (keepOriginal) {
        // labels derive from the ids: replaced exactly where corrupted != original
        for (int i = 0; i < len; i++) {
          labels[off + i] = corrupted.get(slot, i) != original.get(slot, i) ? 1 : 0;
        }
      } else {
        replaced.read(slot, labels, off, len);
      }
      Arrays.fill(labels, off + len, off + seqLen, 0);
    }
    if (originalIds != null) {
      checkState(keepOriginal, "original ids are not stored (replay.labels=bitset)");
      original.read(slot, originalIds, off, len);
      Arrays.fill(originalIds, off + len, off + seqLen, 0);
    }
    if (segmentIds != null) {
      segments.read(slot, segmentIds, off, len);
      Arrays.fill(segmentIds, off + len, off + seqLen, 0);
    }
  }

  // ---------------------------------------------------------------- state

  public void writeState(StateWriter out) throws IOException {
    out.writeInt("store.capacity", capacity);
    out.writeInt("store.rowLength", rowLength);
    out.writeInt("store.highWater", highWater);
    out.writeInt("store.size", size);
    items.write(out, "store.items", highWater);
    unused.write(out, "store.unused", highWater);
    out.writeInts("store.freeStack", freeStack, 0, freeTop);
    out.writeInts("store.length", length, 0, highWater);
    out.writeLongs("store.creationStep", creationStep, 0, highWater);
    out.writeLongs("store.stamp", stamp, 0, highWater);
    out.writeDoubles("store.weight", weight, 0, highWater);
    out.writeFloats("store.lastLoss", lastLoss, 0, highWater);
    out.writeInts("store.replays", replays, 0, highWater);
    corrupted.writeState(out, "store.corruptedIds", highWater);
    if (keepOriginal) {
      original.writeState(out, "store.originalIds", highWater);
    } else {
      replaced.writeState(out, "store.replacedBits", highWater);
    }
    segments.writeState(out, "store.segmentIds", highWater);
  }

  /** Restores into a freshly constructed store of the same configuration, then verifies it. */
  public void readState(StateReader in) throws IOException {
    checkState(highWater == 0 && size == 0, "readState needs an empty store");
    in.readInt("store.capacity", capacity, capacity);
    in.readInt("store.rowLength", rowLength, rowLength);
    highWater = in.readInt("store.highWater", 0, capacity);
    size = in.readInt("store.size", 0, highWater);
    items.read(in, "store.items", highWater, size);
    unused.read(in, "store.unused", highWater, size);
    freeTop = highWater - size;
    in.readInts("store.freeStack", freeStack, 0, freeTop);
    in.readInts("store.length", length, 0, highWater);
    in.readLongs("store.creationStep", creationStep, 0, highWater);
    in.readLongs("store.stamp", stamp, 0, highWater);
    in.readDoubles("store.weight", weight, 0, highWater);
    in.readFloats("store.lastLoss", lastLoss, 0, highWater);
    in.readInts("store.replays", replays, 0, highWater);
    corrupted.readState(in, "store.corruptedIds", highWater);
    if (keepOriginal) {
      original.readState(in, "store.originalIds", highWater);
    } else {
      replaced.readState(in, "store.replacedBits", highWater);
    }
    segments.readState(in, "store.segmentIds", highWater);
    try {
      verify();
    } catch (IllegalStateException e) {
      throw in.invalid("store", e.getMessage());
    }
  }

  /**
   * Checks every structural invariant: list links are mutual and cover exactly the occupied slots
   * in increasing stamp order, the free stack holds exactly the empty slots below the high water
   * mark, lengths are in range.
   *
   * @throws IllegalStateException naming the first violation
   */
  public void verify() {
    int occupied = 0;
    for (int s = 0; s < highWater; s++) {
      if (stamp[s] >= 0) {
        occupied++;
        checkState(
            length[s] >= 1 && length[s] <= rowLength,
            "slot %s has length %s outside [1, %s]",
            s,
            length[s],
            rowLength);
        checkState(replays[s] >= 0, "slot %s has negative replay count", s);
      } else {
        checkState(!unused.contains(s) && !items.contains(s), "empty slot %s is on a list", s);
      }
    }
    for (int s = highWater; s < capacity; s++) {
      checkState(stamp[s] < 0, "slot %s above the high-water mark %s is occupied", s, highWater);
    }
    checkState(occupied == size, "size is %s but %s slots are occupied", size, occupied);
    checkState(
        freeTop == highWater - size,
        "free stack holds %s slots, expected %s",
        freeTop,
        highWater - size);
    boolean[] seen = new boolean[highWater];
    for (int i = 0; i < freeTop; i++) {
      int s = freeStack[i];
      checkState(
          s >= 0 && s < highWater && stamp[s] < 0 && !seen[s],
          "free stack entry %s (slot %s) is not a distinct empty slot",
          i,
          s);
      seen[s] = true;
    }
    items.verify("insertion order", s -> stamp[s] >= 0);
    checkState(
        items.count() == size, "insertion order holds %s items, size is %s", items.count(), size);
    long previousStamp = -1;
    for (int s = items.oldest(); s != NONE; s = items.newer(s)) {
      checkState(stamp[s] > previousStamp, "insertion order not increasing in stamp at slot %s", s);
      previousStamp = stamp[s];
    }
    unused.verify("unused list", s -> stamp[s] >= 0);
  }
}
