package io.tmr.bench.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Counts of (gold, predicted) class pairs: {@code count(g, p)} examples of gold class {@code g}
 * were predicted as {@code p}.
 */
public final class ConfusionMatrix {

  private final long[][] counts;
  private final long total;

  private ConfusionMatrix(long[][] counts, long total) {
    this.counts = counts;
    this.total = total;
  }

  /** Tallies parallel arrays of class ids in {@code [0, numClasses)}. */
  public static ConfusionMatrix of(int[] gold, int[] predicted, int numClasses) {
    checkArgument(
        gold.length == predicted.length,
        "%s gold labels but %s predictions",
        gold.length,
        predicted.length);
    checkArgument(numClasses >= 2, "need at least two classes, got %s", numClasses);
    long[][] counts = new long[numClasses][numClasses];
    for (int i = 0; i < gold.length; i++) {
      checkArgument(gold[i] >= 0 && gold[i] < numClasses, "gold class %s out of range", gold[i]);
      checkArgument(
          predicted[i] >= 0 && predicted[i] < numClasses,
          "predicted class %s out of range",
          predicted[i]);
      counts[gold[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(counts, gold.length);
  }

  public int numClasses() {
    return counts.length;
  }

  public long count(int gold, int predicted) {
    return counts[gold][predicted];
  }

  public long total() {
    return total;
  }

  /** Examples whose gold class is {@code c}. */
  public long goldCount(int c) {
    long s = 0;
    for (long n : counts[c]) {
      s += n;
    }
    return s;
  }

  /** Examples predicted as class {@code c}. */
  public long predictedCount(int c) {
    long s = 0;
    for (long[] row : counts) {
      s += row[c];
    }
    return s;
  }

  /** Correct predictions (the trace). */
  public long correct() {
    long s = 0;
    for (int c = 0; c < counts.length; c++) {
      s += counts[c][c];
    }
    return s;
  }
}
