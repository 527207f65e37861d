package io.tmr.experiments.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tmr.experiments.SweepTestData;
import io.tmr.experiments.sweep.ChildJvm;
import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialSpec;
import io.tmr.experiments.sweep.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a local sweep (as {@code kill}, or Slurm stopping the job that runs it) stops it
 * gracefully: no new trial starts, the running trial JVMs get SIGTERM, each finishes its step,
 * writes a checkpoint at that step and records itself interrupted; the sweep waits for them, says
 * so in one line and exits 143; no trial JVM outlives it, and the trials are resumable.
 */
@Tag("slow")
class SweepStopTest {
  @TempDir Path tmp;

  @Test
  void sigtermStopsRunningTrialsAtACheckpointAndLeavesThemResumable() throws Exception {
    SweepTestData data = SweepTestData.build(tmp);
    Path dir = tmp.resolve("stop");
    List<String> args =
        new ArrayList<>(
            List.of(
                "sweep",
                "--experiment",
                "paper-main",
                "--scale",
                "smoke",
                "--pretraining-only",
                "--dir",
                dir.toString(),
                "--workers",
                "2",
                "--seeds",
                "1"));
    args.addAll(data.sweepArguments());
    // Far more steps than the test waits for, with a checkpoint every few.
    args.addAll(List.of("--set", "train.steps=100000", "--set", "checkpoint.every=5"));
    ProcessBuilder pb =
        ChildJvm.current(List.of("-Xmx512m", "-Dtmr.home=" + data.home), 1).processBuilder(args);
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("sweep.log").toFile());
    Process sweep = pb.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline && sweep.isAlive() && checkpointed(dir) < 2) {
      Thread.sleep(200);
    }
    assertEquals(2, checkpointed(dir), Files.readString(tmp.resolve("sweep.log")));
    List<ProcessHandle> trialJvms = sweep.descendants().toList();
    new ProcessBuilder("kill", "-TERM", Long.toString(sweep.pid())).start().waitFor();
    assertTrue(sweep.waitFor(120, TimeUnit.SECONDS), "the sweep did not stop");
    String log = Files.readString(tmp.resolve("sweep.log"));
    assertEquals(143, sweep.exitValue(), log);
    assertTrue(
        log.contains(
            "stopped by SIGTERM; 2 trial(s) stopped at a checkpoint; run the same command"),
        log);
    for (ProcessHandle h : trialJvms) {
      assertFalse(h.isAlive(), "trial JVM " + h.pid() + " outlived the sweep");
    }

    SweepDirectory s = SweepDirectory.read(dir);
    int interrupted = 0;
    for (TrialSpec t : s.trials()) {
      Path trial = s.trialDir(t.id());
      if (!Files.isRegularFile(trial.resolve("run/manifest.json"))) {
        assertEquals(TrialState.Stage.NEW, s.state(t).stage(), t.id() + " started after the stop");
        continue;
      }
      interrupted++;
      JsonNode m = SweepDirectory.readJson(trial.resolve("run/manifest.json"));
      String status = m.path("status").asText();
      assertTrue(status.startsWith("interrupted: SIGTERM at step "), t.id() + ": " + status);
      long step = Long.parseLong(status.substring(status.lastIndexOf(' ') + 1));
      assertTrue(
          Files.isRegularFile(
              trial.resolve(String.format("run/checkpoints/step-%08d.safetensors", step))),
          t.id() + ": no checkpoint at the step it stopped, " + step);
      assertEquals(
          "interrupted",
          SweepDirectory.readJson(trial.resolve(TrialState.STATUS)).path("state").asText());
      assertEquals(TrialState.Stage.PARTIAL, s.state(t).stage());
    }
    assertEquals(2, interrupted);
  }

  /** How many trials have a checkpoint. */
  private static int checkpointed(Path dir) throws Exception {
    if (!Files.isRegularFile(dir.resolve(SweepDirectory.DEFINITION))) {
      return 0;
    }
    SweepDirectory s = SweepDirectory.read(dir);
    int n = 0;
    for (TrialSpec t : s.trials()) {
      n += SweepEndToEndTest.hasCheckpoint(s.trialDir(t.id())) ? 1 : 0;
    }
    return n;
  }
}
