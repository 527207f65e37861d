package io.tmr.models.pretrain;

import java.io.IOException;

/**
 * Told about every training step, in the order the listeners were added, in the manner of DJL's
 * training listeners: the trainer's own metrics, evaluations, checkpoints, time budget and progress
 * are listeners, and a user's can join them. A listener may read what an earlier one decided for
 * the step (a requested stop, an evaluation).
 */
public interface TrainingListener {

  /** After step {@code event.step()} (its update is applied and the run's counters include it). */
  void stepDone(StepEvent event) throws IOException;

  /** When the run ends ({@code completed}, {@code stopped: ...} or {@code failed: ...}). */
  default void finished(String status) throws IOException {}
}
