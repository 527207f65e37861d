package io.tmr.experiments.launch;

/** What a launcher reports while it runs trials; called from the launcher's threads. */
public interface TrialListener {
  /** A trial began running ({@code where}: worker, job id, node). */
  void started(TrialJob job, String where);

  /** A trial attempt ended. */
  void finished(TrialJob job, TrialOutcome outcome);

  /**
   * Whether the launcher should stop starting trials and end the running ones ({@code --fail-fast}
   * after a failure).
   */
  boolean stopRequested();
}
