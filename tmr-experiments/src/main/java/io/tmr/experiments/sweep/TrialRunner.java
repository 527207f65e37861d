package io.tmr.experiments.sweep;

import io.tmr.core.run.RunDirectory;
import io.tmr.core.run.StopSignals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one trial in this JVM (a launcher starts one JVM per trial with {@code tmr sweep trial
 * DIR}): pretraining from scratch, or resumed from the run's last checkpoint when an earlier
 * attempt did not finish, then the downstream evaluation when the sweep has one and it is missing.
 * Records {@code status.json} at start and end; returns the exit code.
 */
public final class TrialRunner {
  private static final Logger log = LoggerFactory.getLogger(TrialRunner.class);

  /** Runs {@code tmr pretrain} with the given arguments and returns its exit code. */
  @FunctionalInterface
  public interface Pretrain {
    int run(List<String> args);
  }

  private final Pretrain pretrain;
  private final DownstreamEvaluator evaluator;

  public TrialRunner(Pretrain pretrain, DownstreamEvaluator evaluator) {
    this.pretrain = pretrain;
    this.evaluator = evaluator;
  }

  /** The {@code tmr pretrain} arguments that start a trial's run. */
  static List<String> startArguments(Path runDir, TrialSpec t, String sweepName) {
    List<String> args = new ArrayList<>(List.of("pretrain", "--run-dir", runDir.toString()));
    for (String o : t.overrides()) {
      args.add("--set");
      args.add(o);
    }
    args.add("--set");
    args.add(SweepDefinition.SEED_KEY + "=" + t.seed());
    args.add("--set");
    args.add("run.name=" + sweepName);
    return args;
  }

  public int run(Path trialDir) throws IOException {
    SweepDirectory.TrialFile tf = SweepDirectory.readTrial(trialDir);
    TrialSpec t = tf.trial();
    int attempt = TrialState.attempts(trialDir) + 1;
    TrialState.writeStatus(trialDir, "running", "", attempt);
    Path runDir = trialDir.resolve(TrialState.RUN);
    try {
      TrialState state = TrialState.read(trialDir, tf.evaluation());
      log.info("trial {} (attempt {}): {}", t.id(), attempt, state.stage());
      if (state.stage() == TrialState.Stage.NEW) {
        requireSuccess(pretrain.run(startArguments(runDir, t, tf.sweep())), "pretraining");
      } else if (state.stage() == TrialState.Stage.PARTIAL) {
        log.info("resuming the run in {} (was: {})", runDir, state.runStatus());
        requireSuccess(
            pretrain.run(List.of("pretrain", "--resume", runDir.toString())),
            "resumed pretraining");
      }
      String runStatus =
          SweepDirectory.JSON
              .readTree(runDir.resolve(RunDirectory.MANIFEST).toFile())
              .path("status")
              .asText();
      if (!TrialState.pretrainingFinished(runStatus)) {
        throw new IOException("pretraining ended with status '" + runStatus + "'");
      }
      if (tf.evaluation().finetunes()
          && !FinetuneResults.complete(trialDir.resolve(TrialState.FINETUNE), tf.evaluation())) {
        stopIfRequested();
        try {
          evaluator.evaluate(
              runDir,
              trialDir.resolve(TrialState.FINETUNE),
              tf.evaluation(),
              trialDir.resolve(TrialState.LOG));
        } catch (IOException e) {
          stopIfRequested();
          throw e;
        }
      }
      TrialState.writeStatus(trialDir, "completed", "", attempt);
      return 0;
    } catch (Interrupted e) {
      TrialState.writeStatus(trialDir, "interrupted", e.getMessage(), attempt);
      log.info("trial {} interrupted: resumable", t.id());
      return e.exitCode;
    } catch (IOException | RuntimeException e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      TrialState.writeStatus(trialDir, "failed", message, attempt);
      log.error("trial {} failed: {}", t.id(), message);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      TrialState.writeStatus(trialDir, "failed", "interrupted", attempt);
      return 1;
    }
  }

  /** Ends the attempt as interrupted (resumable) when this JVM was asked to stop. */
  private static void stopIfRequested() throws Interrupted {
    String signal = StopSignals.requested();
    if (signal != null) {
      throw new Interrupted(StopSignals.exitCode(signal));
    }
  }

  private static void requireSuccess(int rc, String what) throws IOException {
    if (rc == 130 || rc == 143) {
      throw new Interrupted(rc);
    }
    if (rc != 0) {
      throw new IOException(what + " exited with code " + rc);
    }
  }

  /** Pretraining was stopped by a signal, with a checkpoint: the trial is resumable, not failed. */
  private static final class Interrupted extends IOException {
    private static final long serialVersionUID = 1L;
    final int exitCode;

    Interrupted(int exitCode) {
      super("interrupted by a signal; resumable from its checkpoint");
      this.exitCode = exitCode;
    }
  }

  /** Whether a folder is a trial folder (has {@code trial.json}). */
  public static boolean isTrial(Path dir) {
    return Files.isRegularFile(dir.resolve("trial.json"));
  }
}
