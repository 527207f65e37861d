package io.tmr.experiments.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tmr.experiments.SweepTestData;
import io.tmr.experiments.cli.TestCli;
import io.tmr.experiments.report.ReportPlots;
import io.tmr.experiments.sweep.ChildJvm;
import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialSpec;
import io.tmr.experiments.sweep.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", trimmed for CI: {@code paper-main} at the smoke scale (6 arms x 1 seed,
 * a 32-wide model, pretraining-only evaluation) runs as a real {@code tmr sweep} process, is
 * stopped once a trial finished and another has a checkpoint, and is run again: finished trials are
 * skipped untouched, the interrupted one resumes from its checkpoint, everything finishes; then
 * {@code tmr report} writes the table and plots and {@code tmr reproduce} re-runs a trial bit for
 * bit. Deterministic: the trial JVMs are frozen (SIGSTOP) the moment the states are right, so none
 * can finish between the check and the kill.
 */
@Tag("slow")
class SweepEndToEndTest {
  private static final int STEPS = 300;

  @TempDir Path tmp;

  @Test
  void paperMainSweepIsInterruptedResumedReportedAndReproduced() throws Exception {
    SweepTestData data = SweepTestData.build(tmp);
    Path dir = tmp.resolve("paper-main");
    List<String> args =
        new ArrayList<>(
            List.of(
                "sweep",
                "--experiment",
                "paper-main",
                "--scale",
                "smoke",
                "--dir",
                dir.toString(),
                "--workers",
                "2",
                "--seeds",
                "1"));
    args.addAll(data.sweepArguments());
    // Longer trials than the smoke scale's 40 steps, so that one can be caught between its first
    // checkpoint and its end.
    args.addAll(List.of("--set", "train.steps=" + STEPS));

    // 1. The sweep as its own process, stopped (SIGTERM) mid-way.
    ProcessBuilder pb =
        ChildJvm.current(List.of("-Xmx512m", "-Dtmr.home=" + data.home), 1).processBuilder(args);
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("first-run.log").toFile());
    Process sweep = pb.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    boolean ready = false;
    List<ProcessHandle> trialJvms = List.of();
    while (!ready && System.nanoTime() < deadline && sweep.isAlive()) {
      Thread.sleep(100);
      if (!Files.isRegularFile(dir.resolve(SweepDirectory.DEFINITION)) || !caught(dir)) {
        continue;
      }
      // Freeze the trial JVMs, then look again: what is true now stays true until they are killed.
      trialJvms = sweep.descendants().toList();
      signal("STOP", trialJvms);
      ready = caught(dir);
      if (!ready) {
        signal("CONT", trialJvms);
      }
    }
    assertTrue(
        ready,
        "the sweep did not reach a finished and a checkpointed trial: "
            + Files.readString(tmp.resolve("first-run.log")));
    trialJvms.forEach(ProcessHandle::destroyForcibly);
    sweep.destroy();
    assertTrue(sweep.waitFor(60, TimeUnit.SECONDS));
    for (ProcessHandle h : trialJvms) {
      h.onExit().get(30, TimeUnit.SECONDS);
      assertFalse(h.isAlive(), "trial JVM " + h.pid() + " outlived the sweep");
    }

    SweepDirectory s = SweepDirectory.read(dir);
    Map<String, String> finishedBefore = new HashMap<>();
    List<String> interrupted = new ArrayList<>();
    for (TrialSpec t : s.trials()) {
      TrialState st = s.state(t);
      Path manifest = s.trialDir(t.id()).resolve("run/manifest.json");
      if (st.finished()) {
        finishedBefore.put(t.id(), Files.readString(manifest));
      } else if (st.stage() == TrialState.Stage.PARTIAL && hasCheckpoint(s.trialDir(t.id()))) {
        interrupted.add(t.id());
      }
    }
    assertFalse(finishedBefore.isEmpty());
    StringBuilder states = new StringBuilder();
    for (TrialSpec t : s.trials()) {
      TrialState st = s.state(t);
      states
          .append('\n')
          .append(t.id())
          .append(": ")
          .append(st.stage())
          .append(" '")
          .append(st.runStatus())
          .append("' checkpoint ")
          .append(hasCheckpoint(s.trialDir(t.id())));
    }
    assertFalse(interrupted.isEmpty(), "no trial was stopped after a checkpoint:" + states);

    // 2. The same command again: skips, resumes, finishes.
    String[] r = TestCli.run(args.toArray(new String[0]));
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains(finishedBefore.size() + " finished earlier (skipped)"), r[1]);
    for (Map.Entry<String, String> e : finishedBefore.entrySet()) {
      assertEquals(
          e.getValue(),
          Files.readString(s.trialDir(e.getKey()).resolve("run/manifest.json")),
          "finished trial " + e.getKey() + " was touched");
      assertFalse(
          r[1].contains("started   " + e.getKey()),
          "finished trial " + e.getKey() + " was started again");
    }
    for (String id : interrupted) {
      JsonNode m = SweepDirectory.readJson(s.trialDir(id).resolve("run/manifest.json"));
      assertEquals("completed", m.path("status").asText());
      assertEquals(1, m.path("resumes").size(), id);
      assertTrue(
          m.path("resumes").get(0).path("fromStep").asLong() > 0,
          id + " restarted from scratch instead of its checkpoint");
    }
    for (TrialSpec t : s.trials()) {
      assertTrue(s.state(t).finished(), t.id());
      // the TMR arms and electra-long run twice the scale's steps (train.stepsMultiplier=2)
      assertEquals(
          t.arm().equals("electra") ? STEPS : 2 * STEPS,
          SweepDirectory.readJson(s.trialDir(t.id()).resolve("run/manifest.json"))
              .path("results")
              .path("steps")
              .asInt());
    }
    assertEquals(
        finishedBefore.size(),
        s.events().stream().filter(e -> e.path("event").asText().equals("skipped")).count());

    // 3. The report.
    r = TestCli.run("report", dir.toString());
    assertEquals("0", r[0], r[2]);
    for (String row :
        List.of(
            "| electra (baseline) | 1 |",
            "| tmr-loss-diff | 1 |",
            "| tmr-grad-norm | 1 |",
            "| tmr-uniform | 1 |")) {
      assertTrue(r[1].contains(row), row + " in\n" + r[1]);
    }
    assertTrue(
        r[1].contains(
            "equal fresh (generator) examples: "
                + String.format(java.util.Locale.ROOT, "%,d", STEPS * 8)
                + " sequences"),
        r[1]);
    Path curves = dir.resolve("report/plots/curves-disc_loss-vs-fresh.png");
    assertTrue(Files.size(curves) > 1000);
    assertEquals(6, ReportPlots.provenance(curves).get(ReportPlots.KEY_RUNS).split(" ").length);
    try (Stream<Path> plots = Files.list(dir.resolve("report/plots"))) {
      assertTrue(plots.count() >= 5);
    }

    // 4. Reproduce a trial: same config and thread budget, identical metrics.
    Path trial = s.trialDir(s.trials().get(2).id());
    r = TestCli.run("reproduce", trial.toString());
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("REPRODUCED") && r[1].contains(" 0 differ"), r[1]);
  }

  /** Whether one trial finished and another stopped with a checkpoint. */
  static boolean caught(Path dir) throws Exception {
    SweepDirectory s = SweepDirectory.read(dir);
    int done = 0;
    int resumable = 0;
    for (TrialSpec t : s.trials()) {
      TrialState st = s.state(t);
      done += st.finished() ? 1 : 0;
      resumable +=
          st.stage() == TrialState.Stage.PARTIAL && hasCheckpoint(s.trialDir(t.id())) ? 1 : 0;
    }
    return done >= 1 && resumable >= 1;
  }

  static void signal(String signal, List<ProcessHandle> processes) throws Exception {
    for (ProcessHandle h : processes) {
      new ProcessBuilder("kill", "-" + signal, Long.toString(h.pid())).start().waitFor();
    }
  }

  static boolean hasCheckpoint(Path trialDir) throws Exception {
    Path c = trialDir.resolve("run/checkpoints");
    if (!Files.isDirectory(c)) {
      return false;
    }
    try (Stream<Path> s = Files.list(c)) {
      return s.anyMatch(p -> p.getFileName().toString().endsWith(".safetensors"));
    }
  }
}
