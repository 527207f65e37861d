package io.tmr.experiments.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.experiments.SweepTestData;
import io.tmr.experiments.cli.TestCli;
import io.tmr.experiments.registry.Scales;
import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm launcher against the real single-node Slurm that {@code .ci/slurm-setup.sh} starts
 * (skipped when no controller answers): two trials as one job array, one of which fails (an unknown
 * replay strategy); submitted detached, then followed by a second run that re-attaches to the
 * queued array instead of submitting again; a third run skips the finished trial and resubmits the
 * failed one.
 */
@Tag("slow")
class SlurmLauncherTest {
  @TempDir Path tmp;

  @Test
  void jobArraysAreSubmittedFollowedAndReattachedAcrossRuns() throws Exception {
    Assumptions.assumeTrue(
        SlurmLauncher.available(), "no Slurm controller answers (run .ci/slurm-setup.sh as root)");
    SweepTestData data = SweepTestData.build(tmp);
    Path dir = tmp.resolve("slurm-sweep");
    List<String> args =
        new ArrayList<>(
            List.of(
                "sweep",
                "--name",
                "slurm-test",
                "--grid",
                "replay.strategy=uniform,bogus",
                "--set",
                "trainer=tmr",
                "--launcher",
                "slurm",
                "--poll",
                "0.5",
                "--workers",
                "2",
                "--dir",
                dir.toString()));
    for (String o : Scales.smoke().overrides()) {
      args.add("--set");
      args.add(o);
    }
    args.addAll(data.sweepArguments());

    List<String> detached = new ArrayList<>(args);
    detached.add("--detach");
    String[] r = TestCli.run(detached.toArray(new String[0]));
    assertEquals("0", r[0], r[1] + r[2]);
    assertEquals(1, submissions(dir), "one array for both trials");
    String script = Files.readString(dir.resolve("slurm/array-000.sh"));
    assertTrue(
        script.contains("#SBATCH --array=0-1%2")
            && script.contains("#SBATCH --cpus-per-task=1")
            && script.contains("OMP_NUM_THREADS='1'"),
        script);
    assertTrue(
        script.contains("eval \"$(") && script.contains("io.tmr.core.env.BlasKernels"),
        "the node applies the kernel rule: " + script);

    // Right away (the trial JVMs take seconds to start): the array is still queued or running, so
    // it is followed, not resubmitted.
    r = TestCli.run(args.toArray(new String[0]));
    assertEquals("1", r[0], r[1] + r[2]);
    assertEquals(1, submissions(dir), "the second run must re-attach, not submit again:\n" + r[1]);
    SweepDirectory s = SweepDirectory.read(dir);
    TrialSpec uniform = s.trials().get(0);
    TrialSpec bogus = s.trials().get(1);
    assertTrue(s.state(uniform).finished(), r[1]);
    assertEquals(
        40,
        SweepDirectory.readJson(s.trialDir(uniform.id()).resolve("run/manifest.json"))
            .path("results")
            .path("steps")
            .asInt());
    assertTrue(r[1].contains("[sweep] FAILED    " + bogus.id()) && r[1].contains("slurm "), r[1]);
    assertTrue(
        Files.readString(s.trialDir(bogus.id()).resolve("log.txt")).contains("bogus"),
        "the trial's own error is in its log");
    assertTrue(
        Files.readString(s.trialDir(uniform.id()).resolve("log.txt")).contains("slurm job "),
        "the job header is in the trial log");
    assertTrue(Files.readString(dir.resolve("summary.md")).contains("## Failures"));

    // Third run: the finished trial is skipped, the failed one goes into a new array.
    r = TestCli.run(args.toArray(new String[0]));
    assertEquals("1", r[0], r[1] + r[2]);
    assertTrue(r[1].contains("1 finished earlier (skipped)"), r[1]);
    assertEquals(2, submissions(dir));
    assertEquals(
        List.of(bogus.id()),
        List.of(
            new ObjectMapper()
                .readTree(dir.resolve("slurm/jobs.json").toFile())
                .get(1)
                .path("trials")
                .get(0)
                .asText()));
  }

  private static int submissions(Path dir) throws Exception {
    return new ObjectMapper().readTree(dir.resolve("slurm/jobs.json").toFile()).size();
  }
}
