package io.tmr.bench.task;

/**
 * A gold label or a prediction for a {@link TextTask}: a class of a classification task or the
 * target value of a regression task. The same type serves both so that scoring compares like with
 * like.
 */
public sealed interface Label permits ClassLabel, RegressionTarget {

  /** The label as written in TSV files and leaderboard prediction files. */
  String text();
}
