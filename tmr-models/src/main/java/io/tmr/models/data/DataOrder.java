package io.tmr.models.data;

import com.google.common.base.Preconditions;
import io.tmr.core.tensor.RandomStream;

/**
 * The order in which examples are consumed: a seeded permutation per epoch, so that the data
 * position is just {@code (epoch, offset)} and a resumed run continues with exactly the same
 * examples.
 */
public final class DataOrder {
  private final int size;
  private final long seed;
  private int epoch;
  private int offset;
  private int[] permutation;

  public DataOrder(int size, long seed) {
    Preconditions.checkArgument(size > 0, "no examples to order");
    this.size = size;
    this.seed = seed;
    this.permutation = permutation(0);
  }

  private int[] permutation(int e) {
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    RandomStream r = new RandomStream(RandomStream.mix(seed ^ (0x9E3779B97F4A7C15L * (e + 1))));
    for (int i = size - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** The next example index; moves to a new epoch (a new permutation) at the end of one. */
  public int next() {
    if (offset == size) {
      epoch++;
      offset = 0;
      permutation = permutation(epoch);
    }
    return permutation[offset++];
  }

  public int epoch() {
    return epoch;
  }

  public int offset() {
    return offset;
  }

  /** Examples consumed so far over all epochs. */
  public long consumed() {
    return (long) epoch * size + offset;
  }

  /** Restores a position saved by {@link #epoch()} and {@link #offset()}. */
  public void seek(int e, int o) {
    Preconditions.checkArgument(
        e >= 0 && o >= 0 && o <= size, "bad data position (%s, %s) for %s examples", e, o, size);
    if (e != epoch || permutation == null) {
      permutation = permutation(e);
    }
    epoch = e;
    offset = o;
  }
}
