package io.tmr.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StatisticsTest {
  @Test
  void quartilesUseLinearInterpolationLikeNumpy() {
    Statistics s = Statistics.of(new double[] {4, 1, 3, 2, Double.NaN});
    assertEquals(4, s.n());
    assertEquals(2.5, s.median(), 1e-12);
    assertEquals(1.75, s.q1(), 1e-12);
    assertEquals(3.25, s.q3(), 1e-12);
    assertEquals(2.5, s.mean(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3.0), s.std(), 1e-12);
    assertEquals(0, Statistics.of(new double[] {Double.NaN}).n());
  }

  @Test
  void pairedWilcoxonHasTheExactPValue() {
    Comparison c =
        Comparison.of(
            Map.of(1L, 0.0, 2L, 0.0, 3L, 0.0, 4L, 0.0, 5L, 0.0),
            Map.of(1L, 1.0, 2L, 2.0, 3L, 3.0, 4L, 4.0, 5L, 5.0));
    assertEquals("wilcoxon", c.test());
    assertEquals(5, c.n());
    // All five differences positive: P = 2 * (1 / 2^5).
    assertEquals(0.0625, c.pValue(), 1e-12);
    assertEquals(3.0, c.delta(), 1e-12);
    assertEquals(3.0, c.meanDelta(), 1e-12);
    assertTrue(
        c.ciLow() >= 1.0 && c.ciLow() < 3.0 && c.ciHigh() > 3.0 && c.ciHigh() <= 5.0,
        c.ciLow() + ".." + c.ciHigh());
  }

  @Test
  void mixedSignsGiveALargerPValueAndEqualArmsGiveOne() {
    Comparison c =
        Comparison.of(
            Map.of(1L, 0.0, 2L, 0.0, 3L, 0.0, 4L, 0.0),
            Map.of(1L, 1.0, 2L, -2.0, 3L, 3.0, 4L, 4.0));
    // W+ = 1 + 3 + 4 = 8 of 10: P(W+ >= 8) = 3/16 over the 16 sign patterns, two-sided 0.375.
    assertEquals(0.375, c.pValue(), 1e-12);
    assertEquals(
        1.0, Comparison.of(Map.of(1L, 0.5, 2L, 0.7), Map.of(1L, 0.5, 2L, 0.7)).pValue(), 0);
  }

  @Test
  void withoutCommonSeedsTheTestIsUnpaired() {
    Comparison c =
        Comparison.of(Map.of(1L, 1.0, 2L, 2.0, 3L, 3.0), Map.of(4L, 4.0, 5L, 5.0, 6L, 6.0));
    assertEquals("mann-whitney", c.test());
    assertEquals(3.0, c.delta(), 1e-12);
    assertTrue(c.pValue() > 0 && c.pValue() < 0.2, Double.toString(c.pValue()));
  }
}
