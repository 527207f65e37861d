package io.tmr.replay.eviction;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.spi.EvictionPolicy;
import io.tmr.replay.spi.EvictionPolicyProvider;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;

/**
 * {@code min-weight}: a full buffer replaces the item of lowest weight, the oldest among equal
 * weights. The tie rule matters: new items all enter with the running maximum weight, and "leftmost
 * slot wins" would make a fresh item evict the previous fresh item before either was ever trained
 * on.
 */
public final class MinWeightEviction implements EvictionPolicyProvider {

  @Override
  public String name() {
    return "min-weight";
  }

  @Override
  public String description() {
    return "replace the lowest-weight item (oldest among equals)";
  }

  @Override
  public EvictionPolicy create(ReplayConfig config) {
    return new Policy(config.capacity());
  }

  private static final class Policy implements EvictionPolicy {
    private final int capacity;
    private final MinTree tree;

    Policy(int capacity) {
      this.capacity = capacity;
      this.tree = new MinTree(capacity);
    }

    @Override
    public int victim(long streamIndex, ItemView items, ReplayRandom random) {
      return tree.min();
    }

    @Override
    public void onInsert(int slot, ItemView items) {
      tree.set(slot, true, items);
    }

    @Override
    public void onUpdate(int slot, ItemView items) {
      tree.set(slot, true, items);
    }

    @Override
    public void onRemove(int slot, ItemView items) {
      tree.set(slot, false, items);
    }

    @Override
    public void clear() {
      tree.clear();
    }

    @Override
    public void writeState(StateWriter out) throws IOException {
      // The tree is a pure function of weights and stamps; it is rebuilt on restore.
      out.writeInt("eviction.minWeightVersion", 1);
    }

    @Override
    public void readState(StateReader in, ItemView items) throws IOException {
      in.readInt("eviction.minWeightVersion", 1, 1);
      tree.rebuild(items);
    }

    @Override
    public void verify(ItemView items) {
      tree.verify(items);
    }

    @Override
    public double bytesPerSlot() {
      return tree.bytesPerSlot(capacity);
    }
  }
}
