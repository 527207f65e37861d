package io.tmr.experiments.launch;

import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a trial attempt ended. It succeeded when its process exited with 0 and its folder shows it
 * finished (pretraining and any evaluation); otherwise {@code message} says why: the trial's own
 * recorded failure, else the exit code or what the scheduler says.
 */
public record TrialOutcome(
    String id, boolean succeeded, int exitCode, String message, double seconds) {

  /**
   * The outcome of an attempt that exited with {@code exitCode} ({@code -1}: unknown), read from
   * the folder.
   */
  public static TrialOutcome of(TrialJob job, int exitCode, String schedulerNote, double seconds)
      throws IOException {
    TrialSpecState s = TrialSpecState.read(job.trialDir());
    boolean ok = (exitCode == 0 || exitCode == -1) && s.finished() && s.recordedCompleted();
    if (ok) {
      return new TrialOutcome(job.id(), true, exitCode, "completed", seconds);
    }
    String why;
    if (!s.failure().isEmpty()) {
      why = s.failure();
    } else if (exitCode > 128) {
      why = "killed by signal " + (exitCode - 128);
    } else if (exitCode > 0) {
      why = "exited with code " + exitCode;
    } else {
      why = "ended without recording a result";
    }
    if (schedulerNote != null && !schedulerNote.isEmpty()) {
      why += " (" + schedulerNote + ")";
    }
    return new TrialOutcome(job.id(), false, exitCode, why, seconds);
  }

  /**
   * Whether the attempt was stopped by SIGTERM or SIGINT (exit 143 or 130; a trial JVM stops at a
   * checkpoint): resumable, not a failure of the trial.
   */
  public boolean interrupted() {
    return !succeeded && (exitCode == 130 || exitCode == 143);
  }

  /** The trial folder's view: finished or not, its recorded status and failure. */
  record TrialSpecState(boolean finished, boolean recordedCompleted, String failure) {
    static TrialSpecState read(Path trialDir) throws IOException {
      SweepDirectory.TrialFile tf = SweepDirectory.readTrial(trialDir);
      TrialState st = TrialState.read(trialDir, tf.evaluation());
      Path status = trialDir.resolve(TrialState.STATUS);
      boolean completed =
          Files.isRegularFile(status)
              && SweepDirectory.readJson(status).path("state").asText().equals("completed");
      return new TrialSpecState(st.finished(), completed, st.lastFailure());
    }
  }
}
