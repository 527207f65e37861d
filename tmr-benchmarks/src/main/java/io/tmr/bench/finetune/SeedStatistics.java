package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One metric over fine-tuning seeds: the per-seed values and their median, mean, standard deviation
 * (sample, n − 1; 0 for one seed), minimum and maximum. A value that is undefined in a seed (NaN:
 * the correlation of a constant prediction) stays in {@link #values()} and is left out of the
 * summary, which then covers {@link #defined()} seeds; with none defined every summary figure is
 * NaN.
 *
 * @param values per seed, in seed order
 */
public record SeedStatistics(
    List<Double> values,
    int defined,
    double median,
    double mean,
    double std,
    double min,
    double max) {

  public SeedStatistics {
    values = List.copyOf(values);
  }

  public static SeedStatistics of(List<Double> values) {
    checkArgument(!values.isEmpty(), "no values");
    double[] finite =
        values.stream()
            .mapToDouble(Double::doubleValue)
            .filter(Double::isFinite)
            .sorted()
            .toArray();
    int n = finite.length;
    if (n == 0) {
      return new SeedStatistics(
          values, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double median = n % 2 == 1 ? finite[n / 2] : (finite[n / 2 - 1] + finite[n / 2]) / 2.0;
    double mean = Arrays.stream(finite).sum() / n;
    double squares = 0;
    for (double v : finite) {
      squares += (v - mean) * (v - mean);
    }
    double std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0.0;
    return new SeedStatistics(values, n, median, mean, std, finite[0], finite[n - 1]);
  }

  /** As an ordered map for JSON; NaN becomes null (JSON has no NaN). */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    List<Object> v = new ArrayList<>();
    values.forEach(x -> v.add(json(x)));
    m.put("values", v);
    m.put("defined", defined);
    m.put("median", json(median));
    m.put("mean", json(mean));
    m.put("std", json(std));
    m.put("min", json(min));
    m.put("max", json(max));
    return m;
  }

  static Object json(double x) {
    return Double.isFinite(x) ? x : null;
  }
}
