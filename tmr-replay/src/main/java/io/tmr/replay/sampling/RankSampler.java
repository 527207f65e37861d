package io.tmr.replay.sampling;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;
import io.tmr.replay.spi.SamplingPolicy;
import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;

/**
 * Rank-based prioritized sampling (Schaul et al. 2016, variant 2): {@code P(i) = rank(i)^-α /
 * Σ_{r=1..N} r^-α}, where rank 1 is the largest weight (ties: older item first).
 *
 * <p>Ranks are exact: the order is re-sorted (O(N log N)) at the first sample after any insert,
 * update or removal, then draws are binary searches over precomputed cumulative rank masses. That
 * fits buffers of up to ~10^5 items updated every step; for larger buffers use {@code prioritized}.
 * The order is a pure function of the items, so snapshots store nothing.
 */
public final class RankSampler implements SamplingPolicy {

  private final double alpha;
  private final boolean stratified;

  /** {@code cumulative[r] = Σ_{k=1..r} k^-α}. */
  private final double[] cumulative;

  private final int[] sorted;
  private final int[] rankOf;
  private final int[] scratch;
  private int sortedSize;
  private boolean dirty = true;

  public RankSampler(int capacity, double alpha, boolean stratified) {
    this.alpha = alpha;
    this.stratified = stratified;
    this.cumulative = new double[capacity + 1];
    for (int r = 1; r <= capacity; r++) {
      cumulative[r] = cumulative[r - 1] + term(r);
    }
    this.sorted = new int[capacity];
    this.rankOf = new int[capacity];
    this.scratch = new int[capacity];
  }

  public RankSampler(ReplayConfig config) {
    this(config.capacity(), config.alpha(), config.sampling() == ReplayConfig.Sampling.STRATIFIED);
  }

  private double term(int rank) {
    return alpha == 0 ? 1.0 : Math.pow(rank, -alpha);
  }

  @Override
  public void onInsert(int slot, ItemView items) {
    dirty = true;
  }

  @Override
  public void onUpdate(int slot, ItemView items) {
    dirty = true;
  }

  @Override
  public void onRemove(int slot, ItemView items) {
    dirty = true;
  }

  @Override
  public void clear() {
    dirty = true;
    sortedSize = 0;
  }

  private static boolean before(int a, int b, ItemView items) {
    double wa = items.weight(a);
    double wb = items.weight(b);
    return wa > wb || (wa == wb && items.stamp(a) < items.stamp(b));
  }

  private void ensureSorted(ItemView items) {
    if (!dirty) {
      return;
    }
    int n = 0;
    for (int s = items.oldest(); s != ItemView.NONE; s = items.newer(s)) {
      sorted[n++] = s;
    }
    mergeSort(n, items);
    for (int r = 0; r < n; r++) {
      rankOf[sorted[r]] = r;
    }
    sortedSize = n;
    dirty = false;
  }

  /** Bottom-up merge sort of {@code sorted[0, n)} by {@link #before} (no boxing). */
  private void mergeSort(int n, ItemView items) {
    int[] src = sorted;
    int[] dst = scratch;
    for (int width = 1; width < n; width <<= 1) {
      for (int lo = 0; lo < n; lo += width << 1) {
        int mid = Math.min(lo + width, n);
        int hi = Math.min(lo + (width << 1), n);
        int i = lo;
        int j = mid;
        int k = lo;
        while (i < mid && j < hi) {
          dst[k++] = before(src[j], src[i], items) ? src[j++] : src[i++];
        }
        while (i < mid) {
          dst[k++] = src[i++];
        }
        while (j < hi) {
          dst[k++] = src[j++];
        }
      }
      int[] t = src;
      src = dst;
      dst = t;
    }
    if (src != sorted) {
      System.arraycopy(src, 0, sorted, 0, n);
    }
  }

  /** The 1-based rank r with {@code cumulative[r-1] <= u < cumulative[r]}, clamped to n. */
  private int rankFor(double u, int n) {
    int lo = 1;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  @Override
  public void sample(
      int n, ReplayRandom random, ItemView items, int[] slotsOut, double[] probabilitiesOut) {
    ensureSorted(items);
    int m = sortedSize;
    double total = cumulative[m];
    for (int k = 0; k < n; k++) {
      double u = stratified ? (k + random.nextDouble()) * (total / n) : random.nextDouble() * total;
      int rank = rankFor(u, m);
      slotsOut[k] = sorted[rank - 1];
      probabilitiesOut[k] = term(rank) / total;
    }
  }

  @Override
  public double probability(int slot, ItemView items) {
    if (!items.isOccupied(slot)) {
      return 0.0;
    }
    ensureSorted(items);
    return term(rankOf[slot] + 1) / cumulative[sortedSize];
  }

  /** 1-based rank of an occupied slot in the current order. */
  public int rank(int slot, ItemView items) {
    ensureSorted(items);
    return rankOf[slot] + 1;
  }

  @Override
  public void writeState(StateWriter out) throws IOException {
    // The order is recomputed from the items; nothing else to keep.
    out.writeInt("sampler.rankVersion", 1);
  }

  @Override
  public void readState(StateReader in, ItemView items) throws IOException {
    in.readInt("sampler.rankVersion", 1, 1);
    dirty = true;
  }

  @Override
  public void verify(ItemView items) {
    ensureSorted(items);
    checkState(
        sortedSize == items.size(),
        "rank order holds %s items, store has %s",
        sortedSize,
        items.size());
    for (int r = 1; r < sortedSize; r++) {
      checkState(!before(sorted[r], sorted[r - 1], items), "rank order broken at rank %s", r);
    }
  }

  @Override
  public double bytesPerSlot() {
    return 8 + 4 + 4 + 4;
  }
}
