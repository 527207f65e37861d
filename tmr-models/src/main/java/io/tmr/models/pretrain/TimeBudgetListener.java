package io.tmr.models.pretrain;

/**
 * Stops the run (with a checkpoint and an evaluation) once {@code train.timeBudgetSeconds} of
 * training have passed.
 */
final class TimeBudgetListener implements TrainingListener {
  private final int seconds;
  private final long startNanos;

  TimeBudgetListener(int seconds, long startNanos) {
    this.seconds = seconds;
    this.startNanos = startNanos;
  }

  @Override
  public void stepDone(StepEvent e) {
    if (seconds > 0 && (System.nanoTime() - startNanos) / 1e9 >= seconds) {
      e.requestStop("stopped: time budget of " + seconds + " s reached at step " + e.step());
    }
  }
}
