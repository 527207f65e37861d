package io.tmr.bench.score;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The GLUE average: the mean of the task scores, where a task's score is the mean of its metrics
 * (MRPC and QQP: accuracy and F1; STS-B: Pearson and Spearman) and MNLI-m and MNLI-mm count as one
 * task, MNLI, whose score is the mean of the two accuracies. The AX diagnostic and tasks without a
 * GLUE group are not averaged.
 *
 * @param score the mean of {@code taskScores}
 * @param taskScores group name → task score, in input order
 */
public record GlueAverage(double score, Map<String, Double> taskScores) {

  public GlueAverage {
    taskScores = Collections.unmodifiableMap(new LinkedHashMap<>(taskScores));
  }

  /** One scored task: its GLUE group (empty = not averaged) and its report. */
  public record Entry(Optional<String> glueGroup, ScoreReport report) {}

  /**
   * @throws IllegalArgumentException if no entry belongs to the GLUE average
   */
  public static GlueAverage of(List<Entry> entries) {
    Map<String, List<Double>> metricsByGroup = new LinkedHashMap<>();
    for (Entry e : entries) {
      e.glueGroup()
          .ifPresent(
              group -> {
                List<Double> values = metricsByGroup.computeIfAbsent(group, g -> new ArrayList<>());
                e.report().metrics().values().forEach(v -> values.add(v.doubleValue()));
              });
    }
    if (metricsByGroup.isEmpty()) {
      throw new IllegalArgumentException("no GLUE task among the entries");
    }
    Map<String, Double> taskScores = new LinkedHashMap<>();
    metricsByGroup.forEach((group, values) -> taskScores.put(group, mean(values)));
    return new GlueAverage(mean(new ArrayList<>(taskScores.values())), taskScores);
  }

  private static double mean(List<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }
}
