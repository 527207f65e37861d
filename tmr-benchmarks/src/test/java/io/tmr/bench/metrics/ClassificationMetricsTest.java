package io.tmr.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

  // gold 1 1 0 0 1, predicted 1 0 0 1 1: TP 2, FN 1, FP 1, TN 1.
  private static final ConfusionMatrix BINARY =
      ConfusionMatrix.of(new int[] {1, 1, 0, 0, 1}, new int[] {1, 0, 0, 1, 1}, 2);

  @Test
  void confusionMatrixCounts() {
    assertEquals(2, BINARY.count(1, 1));
    assertEquals(1, BINARY.count(1, 0));
    assertEquals(1, BINARY.count(0, 1));
    assertEquals(1, BINARY.count(0, 0));
    assertEquals(3, BINARY.goldCount(1));
    assertEquals(3, BINARY.predictedCount(1));
    assertEquals(3, BINARY.correct());
  }

  @Test
  void accuracyF1AndMccOfAHandCountedMatrix() {
    assertEquals(0.6, ClassificationMetrics.accuracy(BINARY), 1e-15);
    // 2TP / (2TP + FP + FN) = 4 / 6.
    assertEquals(2.0 / 3.0, ClassificationMetrics.f1(BINARY, 1), 1e-15);
    // F1 of class 0: TP 1, FP 1, FN 1 -> 2 / 4.
    assertEquals(0.5, ClassificationMetrics.f1(BINARY, 0), 1e-15);
    // (TP*TN - FP*FN) / sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) = (2 - 1) / sqrt(3*3*2*2) = 1/6.
    assertEquals(1.0 / 6.0, ClassificationMetrics.matthews(BINARY), 1e-15);
  }

  @Test
  void perfectAndInvertedPredictions() {
    ConfusionMatrix perfect = ConfusionMatrix.of(new int[] {0, 1, 1, 0}, new int[] {0, 1, 1, 0}, 2);
    assertEquals(1.0, ClassificationMetrics.matthews(perfect), 1e-15);
    assertEquals(1.0, ClassificationMetrics.f1(perfect, 1), 1e-15);
    ConfusionMatrix inverted =
        ConfusionMatrix.of(new int[] {0, 1, 1, 0}, new int[] {1, 0, 0, 1}, 2);
    assertEquals(-1.0, ClassificationMetrics.matthews(inverted), 1e-15);
    assertEquals(0.0, ClassificationMetrics.accuracy(inverted));
  }

  @Test
  void degenerateCasesFollowScikitLearn() {
    // All predictions in one class: MCC denominator 0 -> 0.
    ConfusionMatrix constant = ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {1, 1, 1}, 2);
    assertEquals(0.0, ClassificationMetrics.matthews(constant));
    // No positive gold and no positive prediction: F1 0 (scikit-learn's zero_division result).
    ConfusionMatrix noPositives = ConfusionMatrix.of(new int[] {0, 0}, new int[] {0, 0}, 2);
    assertEquals(0.0, ClassificationMetrics.f1(noPositives, 1));
    // Positives exist but none predicted: recall 0, precision undefined -> 0.
    ConfusionMatrix missed = ConfusionMatrix.of(new int[] {1, 0}, new int[] {0, 0}, 2);
    assertEquals(0.0, ClassificationMetrics.f1(missed, 1));
  }

  @Test
  void multiclassMatthewsIsGorodkinsRk() {
    // Matrix rows (gold) [2 0 0; 0 1 1; 0 1 1]: t = p = (2, 2, 2), correct 4, n 6.
    // cov(yt, yp) = 4*6 - 12 = 12; cov(yp, yp) = cov(yt, yt) = 36 - 12 = 24; MCC = 12 / 24.
    ConfusionMatrix m =
        ConfusionMatrix.of(new int[] {0, 1, 2, 0, 1, 2}, new int[] {0, 2, 1, 0, 1, 2}, 3);
    assertEquals(0.5, ClassificationMetrics.matthews(m), 1e-15);
  }

  @Test
  void rejectsMismatchedOrOutOfRangeInput() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ConfusionMatrix.of(new int[] {0}, new int[] {0, 1}, 2));
    assertThrows(
        IllegalArgumentException.class, () -> ConfusionMatrix.of(new int[] {2}, new int[] {0}, 2));
    ConfusionMatrix empty = ConfusionMatrix.of(new int[0], new int[0], 2);
    assertThrows(IllegalArgumentException.class, () -> ClassificationMetrics.accuracy(empty));
  }
}
