package io.tmr.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationsTest {

  @Test
  void pearsonOfHandComputedSeries() {
    // dx = (-1.5, -.5, .5, 1.5), dy = (-3, -1, 0, 4): sum dx*dy = 11, sum dx^2 = 5, sum dy^2 = 26.
    double r = Correlations.pearson(new double[] {1, 2, 3, 4}, new double[] {2, 4, 5, 9});
    assertEquals(11 / Math.sqrt(130), r, 1e-14);
  }

  @Test
  void spearmanUsesAverageRanksForTies() {
    // Ranks of x: 1, 2.5, 2.5, 4; of y: 1, 3, 2, 4. Pearson of ranks = 4.5 / sqrt(4.5 * 5).
    double rho = Correlations.spearman(new double[] {1, 2, 2, 3}, new double[] {1, 3, 2, 4});
    assertEquals(4.5 / Math.sqrt(22.5), rho, 1e-14);
    // Monotone but non-linear: Spearman 1, Pearson below 1.
    double[] x = {1, 2, 3, 4, 5};
    double[] y = {1, 4, 9, 16, 1000};
    assertEquals(1.0, Correlations.spearman(x, y), 1e-15);
    assertTrue(Correlations.pearson(x, y) < 0.8);
  }

  @Test
  void constantSeriesHasNoCorrelation() {
    assertTrue(Double.isNaN(Correlations.pearson(new double[] {1, 2, 3}, new double[] {2, 2, 2})));
    assertTrue(Double.isNaN(Correlations.spearman(new double[] {2, 2, 2}, new double[] {1, 2, 3})));
  }

  @Test
  void rejectsTooShortOrNonFiniteInput() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Correlations.pearson(new double[] {1}, new double[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Correlations.spearman(new double[] {1, Double.NaN}, new double[] {1, 2}));
    assertThrows(
        IllegalArgumentException.class,
        () -> Correlations.pearson(new double[] {1, 2}, new double[] {1, 2, 3}));
  }

  @Test
  void hugeFinitePredictionsGiveANumberNotNaN() {
    // 1e308 squared overflows a plain sum of squares; r is scale-free, so it is the r of the series
    // divided by 1e308.
    double r =
        Correlations.pearson(new double[] {1e308, 0, 1, -2e307}, new double[] {3, 1, 2, 0.5});
    assertTrue(Double.isFinite(r), "r = " + r);
    assertEquals(
        Correlations.pearson(new double[] {1, 0, 1e-308, -0.2}, new double[] {3, 1, 2, 0.5}),
        r,
        1e-12);
  }
}
