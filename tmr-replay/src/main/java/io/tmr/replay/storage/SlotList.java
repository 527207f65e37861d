package io.tmr.replay.storage;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;
import java.util.Arrays;

/**
 * A doubly linked list of slots in insertion order, over two int arrays (no objects per item): O(1)
 * append, removal and membership. The store keeps two: every item (oldest first) and the items not
 * yet trained on.
 */
final class SlotList {
  /** Link value of a slot that is not on the list. */
  static final int NOT_LISTED = -2;

  private final int[] older;
  private final int[] newer;
  private int oldest = ItemView.NONE;
  private int newest = ItemView.NONE;
  private int count;

  SlotList(int capacity) {
    older = new int[capacity];
    newer = new int[capacity];
    Arrays.fill(older, NOT_LISTED);
    Arrays.fill(newer, NOT_LISTED);
  }

  boolean contains(int slot) {
    return older[slot] != NOT_LISTED;
  }

  int count() {
    return count;
  }

  int oldest() {
    return oldest;
  }

  int newest() {
    return newest;
  }

  /** The next newer slot on the list, or NONE (also for a slot not on it). */
  int newer(int slot) {
    int n = newer[slot];
    return n == NOT_LISTED ? ItemView.NONE : n;
  }

  /** The next older slot on the list, or NONE (also for a slot not on it). */
  int older(int slot) {
    int o = older[slot];
    return o == NOT_LISTED ? ItemView.NONE : o;
  }

  /** Appends {@code slot} (not on the list) as the newest. */
  void append(int slot) {
    older[slot] = newest;
    newer[slot] = ItemView.NONE;
    if (newest != ItemView.NONE) {
      newer[newest] = slot;
    } else {
      oldest = slot;
    }
    newest = slot;
    count++;
  }

  /** Takes {@code slot} off the list; no-op when it is not on it. */
  void remove(int slot) {
    int o = older[slot];
    if (o == NOT_LISTED) {
      return;
    }
    int n = newer[slot];
    if (o != ItemView.NONE) {
      newer[o] = n;
    } else {
      oldest = n;
    }
    if (n != ItemView.NONE) {
      older[n] = o;
    } else {
      newest = o;
    }
    older[slot] = NOT_LISTED;
    newer[slot] = NOT_LISTED;
    count--;
  }

  /** Empties the list; slots at or above {@code highWater} were never on it. */
  void clear(int highWater) {
    Arrays.fill(older, 0, highWater, NOT_LISTED);
    Arrays.fill(newer, 0, highWater, NOT_LISTED);
    oldest = newest = ItemView.NONE;
    count = 0;
  }

  void write(StateWriter out, String name, int highWater) throws IOException {
    out.writeInt(name + ".oldest", oldest);
    out.writeInt(name + ".newest", newest);
    out.writeInt(name + ".count", count);
    out.writeInts(name + ".older", older, 0, highWater);
    out.writeInts(name + ".newer", newer, 0, highWater);
  }

  void read(StateReader in, String name, int highWater, int maxCount) throws IOException {
    oldest = in.readInt(name + ".oldest", ItemView.NONE, highWater - 1);
    newest = in.readInt(name + ".newest", ItemView.NONE, highWater - 1);
    count = in.readInt(name + ".count", 0, maxCount);
    in.readInts(name + ".older", older, 0, highWater);
    in.readInts(name + ".newer", newer, 0, highWater);
  }

  /**
   * Checks that the links are mutual, acyclic and end at {@link #newest()}, and that the list holds
   * {@link #count()} slots, each accepted by {@code valid}.
   *
   * @throws IllegalStateException naming the list ({@code what}) and the first violation
   */
  void verify(String what, java.util.function.IntPredicate valid) {
    int n = 0;
    int previous = ItemView.NONE;
    for (int s = oldest; s != ItemView.NONE; s = newer[s]) {
      checkState(
          s >= 0 && s < older.length && valid.test(s),
          "%s reaches empty or invalid slot %s",
          what,
          s);
      checkState(
          older[s] == previous,
          "%s: slot %s has older link %s, expected %s",
          what,
          s,
          older[s],
          previous);
      checkState(++n <= count, "%s has a cycle or more than %s slots", what, count);
      previous = s;
    }
    checkState(
        previous == newest, "%s: newest is %s but the list ends at %s", what, newest, previous);
    checkState(n == count, "%s holds %s slots, count is %s", what, n, count);
  }
}
