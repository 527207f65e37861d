package io.tmr.experiments.launch;

import java.io.IOException;
import java.util.List;

/** Runs trials, one JVM each. */
public interface Launcher {
  /**
   * Runs {@code jobs}, reporting to {@code listener} as each starts and ends, and returns when
   * every one has ended or the listener asked to stop.
   *
   * @return {@code false} when the launcher returned before the trials ended (Slurm {@code
   *     --detach})
   */
  boolean launch(List<TrialJob> jobs, TrialListener listener)
      throws IOException, InterruptedException;
}
