package io.tmr.bench.task;

/**
 * Which file of a task is read. The layouts differ: test files carry no labels, and some tasks
 * (MNLI) have different column sets in train and dev.
 */
public enum Split {
  TRAIN(true),
  DEV(true),
  /** Unlabeled; predictions on it go to the leaderboard. */
  TEST(false);

  private final boolean labeled;

  Split(boolean labeled) {
    this.labeled = labeled;
  }

  /** Whether examples read from this split carry gold labels. */
  public boolean labeled() {
    return labeled;
  }
}
