package io.tmr.experiments.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * An arm against the baseline on one column. Where seeds pair (both arms ran seed s: same data
 * order, masks and initialisation), the test is the two-sided Wilcoxon signed-rank test on the
 * paired differences with its exact p-value (n &le; 30; normal approximation above), and the
 * interval is a 95% percentile bootstrap of the mean paired difference (10,000 resamples, fixed
 * seed). Without pairs it is the Mann-Whitney U test and a bootstrap of the difference of means.
 * With n = 2 paired seeds the smallest possible exact p is 0.5: small sweeps can show a direction,
 * not significance.
 *
 * @param delta median of the paired differences (arm − baseline), or difference of medians unpaired
 * @param n pairs (paired) or the smaller group size (unpaired)
 * @param test {@code wilcoxon}, {@code mann-whitney}, or {@code none} when there are too few values
 */
public record Comparison(
    double delta,
    double meanDelta,
    double pValue,
    double ciLow,
    double ciHigh,
    int n,
    String test) {
  static final int RESAMPLES = 10_000;
  static final long BOOTSTRAP_SEED = 0x7A3B_2022L;

  /** Compares values by seed; seeds present in both maps are paired. */
  public static Comparison of(Map<Long, Double> baseline, Map<Long, Double> arm) {
    List<Double> a = new ArrayList<>();
    List<Double> b = new ArrayList<>();
    for (Map.Entry<Long, Double> e : arm.entrySet()) {
      Double base = baseline.get(e.getKey());
      if (base != null && Double.isFinite(base) && Double.isFinite(e.getValue())) {
        b.add(base);
        a.add(e.getValue());
      }
    }
    if (a.size() >= 2) {
      return paired(toArray(b), toArray(a));
    }
    double[] x =
        baseline.values().stream()
            .mapToDouble(Double::doubleValue)
            .filter(Double::isFinite)
            .toArray();
    double[] y =
        arm.values().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
    return unpaired(x, y);
  }

  /** Paired comparison of {@code arm[i]} with {@code baseline[i]}. */
  static Comparison paired(double[] baseline, double[] arm) {
    int n = arm.length;
    double[] d = new double[n];
    boolean allZero = true;
    for (int i = 0; i < n; i++) {
      d[i] = arm[i] - baseline[i];
      allZero &= d[i] == 0;
    }
    double p =
        allZero
            ? 1.0
            : Math.min(
                1.0, new WilcoxonSignedRankTest().wilcoxonSignedRankTest(baseline, arm, n <= 30));
    double mean = mean(d);
    SplittableRandom r = new SplittableRandom(BOOTSTRAP_SEED);
    double[] boot = new double[RESAMPLES];
    for (int k = 0; k < RESAMPLES; k++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += d[r.nextInt(n)];
      }
      boot[k] = s / n;
    }
    java.util.Arrays.sort(boot);
    return new Comparison(
        Statistics.median(d),
        mean,
        p,
        boot[(int) (0.025 * RESAMPLES)],
        boot[(int) (0.975 * RESAMPLES) - 1],
        n,
        "wilcoxon");
  }

  static Comparison unpaired(double[] baseline, double[] arm) {
    if (baseline.length == 0 || arm.length == 0) {
      return new Comparison(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, "none");
    }
    double delta = Statistics.median(arm) - Statistics.median(baseline);
    double meanDelta = mean(arm) - mean(baseline);
    int n = Math.min(baseline.length, arm.length);
    if (n < 2) {
      return new Comparison(delta, meanDelta, Double.NaN, Double.NaN, Double.NaN, n, "none");
    }
    double p = new MannWhitneyUTest().mannWhitneyUTest(baseline, arm);
    SplittableRandom r = new SplittableRandom(BOOTSTRAP_SEED);
    double[] boot = new double[RESAMPLES];
    for (int k = 0; k < RESAMPLES; k++) {
      boot[k] = resampledMean(arm, r) - resampledMean(baseline, r);
    }
    java.util.Arrays.sort(boot);
    return new Comparison(
        delta,
        meanDelta,
        p,
        boot[(int) (0.025 * RESAMPLES)],
        boot[(int) (0.975 * RESAMPLES) - 1],
        n,
        "mann-whitney");
  }

  private static double resampledMean(double[] v, SplittableRandom r) {
    double s = 0;
    for (int i = 0; i < v.length; i++) {
      s += v[r.nextInt(v.length)];
    }
    return s / v.length;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double[] toArray(List<Double> l) {
    return l.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
