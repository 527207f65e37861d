package io.tmr.bench.task;

/** Which official SQuAD evaluation script a {@link QaTask} is scored by. */
public enum QaScoring {
  /** {@code evaluate-v1.1.py}: keys {@code exact_match}, {@code f1}. */
  SQUAD_V1_1("1.1"),
  /**
   * {@code evaluate-v2.0.py}: keys {@code exact}, {@code f1}, {@code total}, {@code HasAns_*}, ...
   */
  SQUAD_V2_0("2.0");

  private final String version;

  QaScoring(String version) {
    this.version = version;
  }

  /** The version as the command line spells it ({@code --version 1.1}). */
  public String version() {
    return version;
  }

  public static QaScoring forVersion(String version) {
    for (QaScoring s : values()) {
      if (s.version.equals(version)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown SQuAD version '" + version + "'; expected 1.1 or 2.0");
  }
}
