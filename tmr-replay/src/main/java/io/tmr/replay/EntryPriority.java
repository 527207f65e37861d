package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;
import java.util.Arrays;

/**
 * The priority a new item enters with: the {@code replay.newPriorityQuantile} quantile of the last
 * {@code replay.priorityWindow} priorities the rule produced (window 0: the maximum of every
 * priority since the start, PER's rule).
 *
 * <p>Why not a constant: a priority rule has its own scale (loss differences of 0.01–0.1, gradient
 * norms of about 0.03 here), and a fixed entry value far above it gives every new item the same,
 * dominant weight — sampling becomes uniform over never-replayed items and every rule looks alike.
 * Why a window: the scale shrinks as the discriminator learns; an all-time maximum would stay at
 * the large early values. Before the rule has produced any priority there is no scale, and items
 * enter at {@link #INITIAL} (all equal, so the value does not matter to sampling).
 */
final class EntryPriority {
  static final double INITIAL = 1.0;

  private final double quantile;
  private final double[] window;
  private double allTimeMax = Double.NaN;
  private long observed;
  private double cached = Double.NaN;
  private double[] sorted = new double[0];

  EntryPriority(double quantile, int window) {
    checkArgument(quantile >= 0 && quantile <= 1, "quantile %s outside [0, 1]", quantile);
    checkArgument(window > 0 || quantile == 1.0, "an unbounded window keeps only the maximum");
    this.quantile = quantile;
    this.window = new double[window];
  }

  /** Records a priority the rule produced. */
  void observe(double priority) {
    if (window.length == 0) {
      allTimeMax = observed == 0 ? priority : Math.max(allTimeMax, priority);
    } else {
      window[(int) (observed % window.length)] = priority;
    }
    observed++;
    cached = Double.NaN;
  }

  /** Priorities recorded so far. */
  long observed() {
    return observed;
  }

  /** The priority a new item gets now. */
  double value() {
    if (observed == 0) {
      return INITIAL;
    }
    if (window.length == 0) {
      return allTimeMax;
    }
    if (Double.isNaN(cached)) {
      int n = (int) Math.min(observed, window.length);
      if (quantile == 1.0) {
        double m = window[0];
        for (int i = 1; i < n; i++) {
          m = Math.max(m, window[i]);
        }
        cached = m;
      } else {
        if (sorted.length < n) {
          sorted = new double[window.length];
        }
        System.arraycopy(window, 0, sorted, 0, n);
        Arrays.sort(sorted, 0, n);
        cached = interpolate(sorted, n, quantile);
      }
    }
    return cached;
  }

  /** The R-7 (numpy "linear") quantile of the first {@code n} sorted values. */
  static double interpolate(double[] sorted, int n, double q) {
    double h = (n - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(n - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  void writeState(StateWriter out) throws IOException {
    out.writeLong("entry.observed", observed);
    out.writeDouble("entry.allTimeMax", allTimeMax);
    out.writeInt("entry.window", window.length);
    out.writeDoubles("entry.values", window, 0, window.length);
  }

  void readState(StateReader in) throws IOException {
    long n = in.readLong("entry.observed");
    if (n < 0) {
      throw in.invalid("entry.observed", "negative count " + n);
    }
    double max = in.readDouble("entry.allTimeMax");
    int length = in.readInt("entry.window", 0, Integer.MAX_VALUE);
    if (length != window.length) {
      throw in.invalid(
          "entry.window",
          "snapshot kept "
              + length
              + " recent priorities,"
              + " replay.priorityWindow is "
              + window.length);
    }
    in.readDoubles("entry.values", window, 0, window.length);
    observed = n;
    allTimeMax = max;
    cached = Double.NaN;
  }
}
