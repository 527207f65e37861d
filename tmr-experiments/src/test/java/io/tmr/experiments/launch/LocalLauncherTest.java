package io.tmr.experiments.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.experiments.cli.TestCli;
import io.tmr.experiments.sweep.SweepDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trials whose pretraining fails at once (an unknown corpus): each runs in its own JVM, the failure
 * is reported as it happens with the log tail, the others still run, and --fail-fast stops the
 * rest. Slow: every trial is a JVM.
 */
@Tag("slow")
class LocalLauncherTest {
  @TempDir Path tmp;

  private String[] sweep(Path dir, int workers, String... extra) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "sweep",
                "--name",
                "f",
                "--grid",
                "replay.alpha=0,0.5,1",
                "--set",
                "data.corpus=" + tmp.resolve("no-such-corpus"),
                "--dir",
                dir.toString(),
                "--workers",
                Integer.toString(workers),
                "--jvm-opt=-Xmx256m",
                "--jvm-opt=-Dtmr.home=" + tmp.resolve("home")));
    args.addAll(List.of(extra));
    return TestCli.run(args.toArray(new String[0]));
  }

  @Test
  void failuresAreReportedAtOnceWithTheirLogTailAndTheRestContinue() throws Exception {
    Path dir = tmp.resolve("s");
    String[] r = sweep(dir, 2);
    assertEquals("1", r[0], r[2]);
    assertEquals(3, r[1].lines().filter(l -> l.startsWith("[sweep] FAILED")).count(), r[1]);
    assertTrue(r[1].contains("pretraining exited with code 1"), r[1]);
    assertTrue(
        r[1].contains("no-such-corpus"), "the log tail shows the trial's own error: " + r[1]);
    SweepDirectory s = SweepDirectory.read(dir);
    String summary = Files.readString(dir.resolve("summary.md"));
    assertTrue(
        summary.contains("## Failures") && summary.contains("3 launched: 0 completed, 3 failed"),
        summary);
    for (var t : s.trials()) {
      String log = Files.readString(s.trialDir(t.id()).resolve("log.txt"));
      assertTrue(log.contains("-Dtmr.threads=1") && log.contains("no-such-corpus"), log);
      assertEquals(
          "failed",
          SweepDirectory.readJson(s.trialDir(t.id()).resolve("status.json"))
              .path("state")
              .asText());
    }
    assertEquals(
        3, s.events().stream().filter(e -> e.path("event").asText().equals("failed")).count());
    // Re-running retries failed trials (attempt 2).
    sweep(dir, 2);
    assertEquals(
        2,
        SweepDirectory.readJson(s.trialDir(s.trials().get(0).id()).resolve("status.json"))
            .path("attempt")
            .asInt());
  }

  @Test
  void failFastStopsLaunchingAfterTheFirstFailure() throws Exception {
    Path dir = tmp.resolve("ff");
    String[] r = sweep(dir, 1, "--fail-fast");
    assertEquals("1", r[0], r[2]);
    assertEquals(1, r[1].lines().filter(l -> l.startsWith("[sweep] FAILED")).count(), r[1]);
    assertEquals(1, r[1].lines().filter(l -> l.startsWith("[sweep] started")).count(), r[1]);
  }
}
