package io.tmr.models.pretrain;

import java.io.IOException;

/** Writes a checkpoint every {@code checkpoint.every} steps, at the last step and before a stop. */
final class CheckpointListener implements TrainingListener {
  private final CheckpointState state;
  private final int every;

  CheckpointListener(CheckpointState state, int every) {
    this.state = state;
    this.every = every;
  }

  @Override
  public void stepDone(StepEvent e) throws IOException {
    if (e.step() % every == 0 || e.last() || e.stopping()) {
      state.save(e.counters());
    }
  }
}
