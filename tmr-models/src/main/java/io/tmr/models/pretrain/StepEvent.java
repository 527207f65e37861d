package io.tmr.models.pretrain;

/**
 * One finished step as the listeners see it: the step's result, the run's counters after it,
 * whether it is the last one, and what earlier listeners decided (a stop, an evaluation).
 */
public final class StepEvent {
  private final TrainStep.Result result;
  private final RunCounters counters;
  private final boolean last;
  private String stopReason;
  private boolean interrupted;
  private Validation.Metrics evaluation;

  StepEvent(TrainStep.Result result, RunCounters counters, boolean last) {
    this.result = result;
    this.counters = counters;
    this.last = last;
  }

  public long step() {
    return result.step();
  }

  public TrainStep.Result result() {
    return result;
  }

  public RunCounters counters() {
    return counters;
  }

  /** Whether this is the run's last step ({@code train.steps}). */
  public boolean last() {
    return last;
  }

  /** Ends the run after this step (the listeners after this one still see the step). */
  public void requestStop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  /**
   * Ends the run after this step because it was asked to stop from outside (a signal): the step is
   * checkpointed but not evaluated, so that the process exits soon.
   */
  public void requestInterrupt(String reason) {
    requestStop(reason);
    interrupted = true;
  }

  public boolean stopping() {
    return stopReason != null;
  }

  /** Whether the stop was asked from outside ({@link #requestInterrupt}). */
  public boolean interrupted() {
    return interrupted;
  }

  /** Why the run stops after this step, or {@code null}. */
  public String stopReason() {
    return stopReason;
  }

  /** The validation metrics measured after this step, or {@code null} when none were. */
  public Validation.Metrics evaluation() {
    return evaluation;
  }

  void evaluated(Validation.Metrics metrics) {
    evaluation = metrics;
  }
}
