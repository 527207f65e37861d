package io.tmr.bench.score;

import io.tmr.bench.metrics.ClassificationMetrics;
import io.tmr.bench.metrics.ConfusionMatrix;
import io.tmr.bench.metrics.Correlations;
import io.tmr.bench.task.ClassLabel;
import io.tmr.bench.task.Label;
import io.tmr.bench.task.RegressionTarget;
import io.tmr.bench.task.TaskKind;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextExample;
import io.tmr.bench.task.TextMetric;
import io.tmr.bench.task.TextTask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Scores GLUE-style predictions against a labeled file: the task's metrics ×100 under the keys
 * {@code accuracy}, {@code f1}, {@code mcc}, {@code pearson}, {@code spearman}.
 *
 * <p>GLUE has no official dev-set script; the leaderboard only accepts complete submissions, so
 * here too every gold example needs exactly one prediction and a prediction for an index not in the
 * gold file is an error.
 */
public final class GlueScorer {

  private static final int SHOWN = 5;

  private GlueScorer() {}

  /**
   * @param gold a labeled dataset of {@code task}, read without swapped copies
   * @param predictions index → predicted label
   * @throws ScoringException if the predictions do not cover the gold indexes exactly
   */
  public static ScoreReport score(
      TextTask task, TextDataset gold, Map<Integer, ? extends Label> predictions)
      throws ScoringException {
    if (!gold.split().labeled()) {
      throw new ScoringException(
          "the " + gold.split() + " file " + gold.source() + " has no labels to score against");
    }
    if (gold.examples().stream().anyMatch(TextExample::swapped)) {
      throw new ScoringException(
          "the gold data holds swapped sentence-pair copies; read it without "
              + "doubleUnorderedPairs to score");
    }
    if (gold.examples().isEmpty()) {
      throw new ScoringException("the gold file " + gold.source() + " has no examples");
    }
    checkCoverage(gold, predictions);
    Map<String, Number> metrics = new LinkedHashMap<>();
    if (task.kind() == TaskKind.REGRESSION) {
      int n = gold.size();
      double[] g = new double[n];
      double[] p = new double[n];
      for (int i = 0; i < n; i++) {
        TextExample e = gold.examples().get(i);
        g[i] = e.target();
        p[i] = regression(task, e, predictions.get(e.index()));
      }
      for (TextMetric m : task.metrics()) {
        double value =
            switch (m) {
              case PEARSON -> Correlations.pearson(p, g);
              case SPEARMAN -> Correlations.spearman(p, g);
              default ->
                  throw new IllegalStateException(task.name() + ": " + m + " on a regression task");
            };
        metrics.put(m.key(), 100.0 * value);
      }
    } else {
      int n = gold.size();
      int[] g = new int[n];
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        TextExample e = gold.examples().get(i);
        g[i] = e.classId();
        p[i] = classId(task, e, predictions.get(e.index()));
      }
      ConfusionMatrix cm = ConfusionMatrix.of(g, p, task.labels().size());
      for (TextMetric m : task.metrics()) {
        double value =
            switch (m) {
              case ACCURACY -> ClassificationMetrics.accuracy(cm);
              case F1 ->
                  ClassificationMetrics.f1(
                      cm,
                      task.labels()
                          .indexOf(
                              task.positiveLabel()
                                  .orElseThrow(
                                      () ->
                                          new IllegalStateException(
                                              task.name() + " has F1 but no positive label"))));
              case MCC -> ClassificationMetrics.matthews(cm);
              default ->
                  throw new IllegalStateException(
                      task.name() + ": " + m + " on a classification task");
            };
        metrics.put(m.key(), 100.0 * value);
      }
    }
    return new ScoreReport(metrics, List.of());
  }

  private static void checkCoverage(TextDataset gold, Map<Integer, ? extends Label> predictions)
      throws ScoringException {
    List<Integer> missing = new ArrayList<>();
    for (TextExample e : gold.examples()) {
      if (!predictions.containsKey(e.index())) {
        missing.add(e.index());
      }
    }
    Set<Integer> goldIndexes =
        gold.examples().stream().map(TextExample::index).collect(Collectors.toSet());
    List<Integer> unknown =
        predictions.keySet().stream().filter(i -> !goldIndexes.contains(i)).sorted().toList();
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      StringBuilder sb =
          new StringBuilder("predictions do not match the gold file ")
              .append(gold.source())
              .append(" (")
              .append(gold.size())
              .append(" examples)");
      if (!missing.isEmpty()) {
        sb.append("; ")
            .append(missing.size())
            .append(" examples have no prediction, e.g. index ")
            .append(head(missing));
      }
      if (!unknown.isEmpty()) {
        sb.append("; ")
            .append(unknown.size())
            .append(" predictions have an index not in the gold file, e.g. ")
            .append(head(unknown));
      }
      throw new ScoringException(sb.toString());
    }
  }

  private static String head(List<Integer> xs) {
    return xs.stream().limit(SHOWN).map(String::valueOf).collect(Collectors.joining(", "))
        + (xs.size() > SHOWN ? ", ..." : "");
  }

  private static int classId(TextTask task, TextExample e, Label predicted)
      throws ScoringException {
    if (predicted instanceof ClassLabel c
        && c.id() < task.labels().size()
        && task.labels().get(c.id()).equals(c.name())) {
      return c.id();
    }
    throw new ScoringException(
        "prediction for index " + e.index() + " is not a " + task.name() + " label: " + predicted);
  }

  private static double regression(TextTask task, TextExample e, Label predicted)
      throws ScoringException {
    if (predicted instanceof RegressionTarget t) {
      return t.value();
    }
    throw new ScoringException(
        "prediction for index " + e.index() + " is not a " + task.name() + " score: " + predicted);
  }
}
