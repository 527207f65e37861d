package io.tmr.models.pretrain;

/** Threshold-free metrics of scored binary labels. */
public final class BinaryMetrics {
  private BinaryMetrics() {}

  /**
   * ROC AUC by the Mann-Whitney statistic with average ranks for ties: the probability that a
   * random positive scores above a random negative (ties count one half). NaN when a class is
   * absent.
   */
  public static double auc(double[] scores, int[] labels, int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    double rankSumPositives = 0;
    long positives = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double avgRank = (i + j) / 2.0 + 1; // ranks are 1-based
      for (int k = i; k <= j; k++) {
        if (labels[order[k]] == 1) {
          rankSumPositives += avgRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositives - positives * (positives + 1) / 2.0)
        / ((double) positives * negatives);
  }
}
