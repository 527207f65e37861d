package io.tmr.models.pretrain;

import io.tmr.core.run.StopSignals;

/**
 * Ends the run after the current step when the process was asked to stop (SIGTERM, SIGINT; see
 * {@link StopSignals}): the checkpoint listener then writes the step, and the run's status says
 * {@code interrupted}.
 */
final class InterruptListener implements TrainingListener {
  @Override
  public void stepDone(StepEvent e) {
    String signal = StopSignals.requested();
    if (signal != null) {
      e.requestInterrupt("interrupted: " + signal + " at step " + e.step());
    }
  }
}
