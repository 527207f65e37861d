package io.tmr.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.tmr.core.io.AtomicFiles;
import io.tmr.core.run.RunDirectory;
import io.tmr.experiments.registry.Evaluation;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a trial stands, read from its folder: {@link Stage#NEW} (no pretraining run yet), {@link
 * Stage#PARTIAL} (a run that did not finish: resumed from its last checkpoint), {@link
 * Stage#PRETRAINED} (pretraining finished, downstream evaluation missing) or {@link Stage#DONE}. A
 * run that stopped at its time budget counts as finished: the budget is part of its config.
 *
 * @param runStatus the pretraining manifest's status ({@code ""} when there is no run)
 * @param lastFailure the trial's own last recorded failure ({@code ""} when none)
 */
public record TrialState(Stage stage, String runStatus, String lastFailure) {
  public enum Stage {
    NEW,
    PARTIAL,
    PRETRAINED,
    DONE
  }

  public static final String RUN = "run";
  public static final String FINETUNE = "finetune";
  public static final String STATUS = "status.json";
  public static final String LOG = "log.txt";

  public boolean finished() {
    return stage == Stage.DONE;
  }

  public static TrialState read(Path trialDir, Evaluation evaluation) throws IOException {
    Path manifest = trialDir.resolve(RUN).resolve(RunDirectory.MANIFEST);
    String runStatus = "";
    if (Files.isRegularFile(manifest)) {
      runStatus = SweepDirectory.JSON.readTree(manifest.toFile()).path("status").asText("");
    }
    String failure = "";
    Path status = trialDir.resolve(STATUS);
    if (Files.isRegularFile(status)) {
      JsonNode s = SweepDirectory.JSON.readTree(status.toFile());
      if (s.path("state").asText().equals("failed")) {
        failure = s.path("message").asText("");
      }
    }
    Stage stage;
    if (runStatus.isEmpty()) {
      stage = Stage.NEW;
    } else if (!pretrainingFinished(runStatus)) {
      stage = Stage.PARTIAL;
    } else if (evaluation.finetunes()
        && !FinetuneResults.complete(trialDir.resolve(FINETUNE), evaluation)) {
      stage = Stage.PRETRAINED;
    } else {
      stage = Stage.DONE;
    }
    return new TrialState(stage, runStatus, failure);
  }

  /** Whether a pretraining manifest status means the run reached its end (steps or time budget). */
  public static boolean pretrainingFinished(String runStatus) {
    return runStatus.equals("completed") || runStatus.startsWith("stopped: time budget");
  }

  /** Writes {@code status.json} of a trial: state, message, attempt, host, process, time. */
  static void writeStatus(Path trialDir, String state, String message, int attempt)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", state);
    m.put("message", message);
    m.put("attempt", attempt);
    m.put("host", host());
    m.put("pid", ProcessHandle.current().pid());
    m.put("at", Instant.now().toString());
    AtomicFiles.writeString(
        trialDir.resolve(STATUS), SweepDirectory.JSON.writeValueAsString(m) + "\n");
  }

  /** The attempt number recorded in {@code status.json} (0 when the trial never started). */
  static int attempts(Path trialDir) throws IOException {
    Path status = trialDir.resolve(STATUS);
    return Files.isRegularFile(status)
        ? SweepDirectory.JSON.readTree(status.toFile()).path("attempt").asInt(0)
        : 0;
  }

  static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
