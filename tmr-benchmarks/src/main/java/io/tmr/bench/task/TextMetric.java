package io.tmr.bench.task;

/**
 * The metrics a {@link TextTask} reports, named as the scorer's JSON keys. Values are reported
 * ×100.
 */
public enum TextMetric {
  ACCURACY("accuracy"),
  /** F1 of the positive class, whose label is the task's {@link TextTask#positiveLabel()}. */
  F1("f1"),
  /** Matthews correlation (multiclass form for AX, where the GLUE leaderboard calls it R3). */
  MCC("mcc"),
  PEARSON("pearson"),
  SPEARMAN("spearman");

  private final String key;

  TextMetric(String key) {
    this.key = key;
  }

  /** The key in the scorer's JSON output. */
  public String key() {
    return key;
  }
}
