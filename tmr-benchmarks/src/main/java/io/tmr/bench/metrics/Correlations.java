package io.tmr.bench.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * Pearson and Spearman correlation through Commons Math, matching {@code scipy.stats.pearsonr} and
 * {@code spearmanr} (Pearson correlation of average ranks, ties sharing the mean of their ranks). A
 * constant input has no correlation: the result is NaN, as scipy returns.
 */
public final class Correlations {

  private Correlations() {}

  public static double pearson(double[] x, double[] y) {
    checkInputs(x, y);
    // Pearson's r does not change when a series is divided by a positive constant; dividing by the
    // largest magnitude
    // keeps sums of squares finite for any finite input (1e308 would overflow them: r = NaN instead
    // of a number).
    return new PearsonsCorrelation().correlation(scaled(x), scaled(y));
  }

  private static double[] scaled(double[] v) {
    double max = 0;
    for (double d : v) {
      max = Math.max(max, Math.abs(d));
    }
    if (max == 0 || max <= 1e150) {
      return v;
    }
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] / max;
    }
    return out;
  }

  public static double spearman(double[] x, double[] y) {
    checkInputs(x, y);
    // NaN inputs are rejected by checkInputs; ties get average ranks, as scipy.stats.rankdata.
    return new SpearmansCorrelation(new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE))
        .correlation(x, y);
  }

  private static void checkInputs(double[] x, double[] y) {
    checkArgument(x.length == y.length, "%s values against %s", x.length, y.length);
    checkArgument(x.length >= 2, "correlation needs at least two values, got %s", x.length);
    for (int i = 0; i < x.length; i++) {
      checkArgument(Double.isFinite(x[i]) && Double.isFinite(y[i]), "non-finite value at %s", i);
    }
  }
}
