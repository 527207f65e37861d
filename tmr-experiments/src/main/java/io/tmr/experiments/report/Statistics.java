package io.tmr.experiments.report;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * Summary of one cell's values (one per seed): n, median, quartiles (R-7 / numpy's default linear
 * interpolation, so the IQR matches what most readers compute), mean and sample standard deviation.
 * Non-finite values are left out and do not count in n.
 */
public record Statistics(
    int n, double median, double q1, double q3, double mean, double std, double[] values) {

  public static Statistics of(double[] raw) {
    double[] v = Arrays.stream(raw).filter(Double::isFinite).toArray();
    int n = v.length;
    if (n == 0) {
      return new Statistics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, v);
    }
    Percentile p = new Percentile().withEstimationType(EstimationType.R_7);
    p.setData(v);
    double mean = Arrays.stream(v).sum() / n;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    return new Statistics(
        n,
        p.evaluate(50),
        p.evaluate(25),
        p.evaluate(75),
        mean,
        n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
        v);
  }

  public double iqr() {
    return q3 - q1;
  }

  /** The median of {@code values} (all finite). */
  static double median(double[] values) {
    Preconditions.checkArgument(values.length > 0, "no values");
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
