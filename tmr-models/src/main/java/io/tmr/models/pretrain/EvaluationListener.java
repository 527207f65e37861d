package io.tmr.models.pretrain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates on the validation batches every {@code eval.every} steps, at the last step and before a
 * stop.
 */
final class EvaluationListener implements TrainingListener {
  private static final Logger log = LoggerFactory.getLogger(EvaluationListener.class);
  private final Validation validation;
  private final int every;
  private Validation.Metrics latest;

  EvaluationListener(Validation validation, int every) {
    this.validation = validation;
    this.every = every;
  }

  /** Evaluates now (the step-0 evaluation of a new run). */
  Validation.Metrics evaluateNow(long step) {
    latest = validation.evaluate();
    if (latest != null) {
      log.info("step {} validation: {}", step, latest);
    }
    return latest;
  }

  /** The last metrics measured (this process), or {@code null}. */
  Validation.Metrics latest() {
    return latest;
  }

  @Override
  public void stepDone(StepEvent e) {
    if (!e.interrupted() && (e.step() % every == 0 || e.last() || e.stopping())) {
      e.evaluated(evaluateNow(e.step()));
    }
  }
}
