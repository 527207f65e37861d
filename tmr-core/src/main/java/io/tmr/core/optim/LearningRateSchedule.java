package io.tmr.core.optim;

/** Learning rate as a function of the number of updates already applied (0 for the first). */
@FunctionalInterface
public interface LearningRateSchedule {
  double rate(long step);

  /** A constant rate. */
  static LearningRateSchedule constant(double rate) {
    return step -> rate;
  }
}
