package io.tmr.bench.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Accuracy, positive-class F1 and Matthews correlation with scikit-learn's conventions (the GLUE
 * reference code calls scikit-learn), as fractions.
 */
public final class ClassificationMetrics {

  private ClassificationMetrics() {}

  /** Correct / total, as {@code sklearn.metrics.accuracy_score}. */
  public static double accuracy(ConfusionMatrix m) {
    checkArgument(m.total() > 0, "accuracy of zero examples");
    return (double) m.correct() / m.total();
  }

  /**
   * F1 of class {@code positive}: {@code 2TP / (2TP + FP + FN)}, which is the harmonic mean of
   * precision and recall where both are defined. When there are neither positive gold labels nor
   * positive predictions the denominator is 0 and the result is 0, as {@code
   * sklearn.metrics.f1_score} returns (with its zero-division warning); when only one of precision
   * and recall is undefined the formula already gives 0, as scikit-learn does.
   */
  public static double f1(ConfusionMatrix m, int positive) {
    checkArgument(positive >= 0 && positive < m.numClasses(), "no class %s", positive);
    long tp = m.count(positive, positive);
    long fp = m.predictedCount(positive) - tp;
    long fn = m.goldCount(positive) - tp;
    long denominator = 2 * tp + fp + fn;
    return denominator == 0 ? 0.0 : 2.0 * tp / denominator;
  }

  /**
   * Matthews correlation in the multiclass form of {@code sklearn.metrics.matthews_corrcoef}
   * (Gorodkin's R_K; for two classes it equals {@code (TP·TN − FP·FN) / sqrt(...)}), computed in
   * the same float64 steps. 0 when the denominator is 0 (all gold or all predictions in one class),
   * as scikit-learn.
   */
  public static double matthews(ConfusionMatrix m) {
    int k = m.numClasses();
    double nCorrect = m.correct();
    double nSamples = 0;
    double dotTP = 0;
    double dotPP = 0;
    double dotTT = 0;
    for (int c = 0; c < k; c++) {
      double t = m.goldCount(c);
      double p = m.predictedCount(c);
      nSamples += p;
      dotTP += t * p;
      dotPP += p * p;
      dotTT += t * t;
    }
    double covYtYp = nCorrect * nSamples - dotTP;
    double covYpYp = nSamples * nSamples - dotPP;
    double covYtYt = nSamples * nSamples - dotTT;
    if (covYpYp * covYtYt == 0) {
      return 0.0;
    }
    return covYtYp / Math.sqrt(covYtYt * covYpYp);
  }
}
