package io.tmr.experiments.launch;

import io.tmr.core.env.EnvironmentReport;
import io.tmr.core.io.AtomicFiles;
import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialSpec;
import io.tmr.experiments.sweep.TrialState;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a sweep: skips finished trials (recorded as {@code skipped}), hands the others to the
 * launcher (each resumes from its own last checkpoint), and writes {@code summary.md}: every
 * trial's state and each failure with the tail of its log.
 */
public final class SweepRunner {
  private SweepRunner() {}

  /** What a sweep run did. */
  public record Summary(
      int total,
      int skipped,
      int launched,
      int succeeded,
      int failed,
      int interrupted,
      boolean detached,
      List<TrialOutcome> failures) {
    public boolean ok() {
      return failed == 0 && interrupted == 0;
    }
  }

  public static Summary run(
      SweepDirectory sweep, Launcher launcher, LaunchSettings settings, PrintStream out)
      throws IOException, InterruptedException {
    List<TrialSpec> trials = sweep.trials();
    List<TrialJob> jobs = new ArrayList<>();
    int skipped = 0;
    int resumable = 0;
    for (TrialSpec t : trials) {
      TrialState s = sweep.state(t);
      if (s.finished()) {
        skipped++;
        sweep.event(t.id(), "skipped", "finished earlier");
      } else {
        if (s.stage() != TrialState.Stage.NEW) {
          resumable++;
        }
        jobs.add(new TrialJob(t.id(), sweep.trialDir(t.id())));
      }
    }
    out.printf(
        "[sweep] %s: %d trials — %d finished earlier (skipped), %d to resume, %d new; %s launcher, %d workers x %d threads%n",
        sweep.definition().name(),
        trials.size(),
        skipped,
        resumable,
        jobs.size() - resumable,
        settings.option("launcher", "?"),
        settings.workers(),
        settings.threadsPerWorker());
    boolean tracked = true;
    List<TrialOutcome> outcomes = List.of();
    if (!jobs.isEmpty()) {
      try (SweepProgress progress =
          new SweepProgress(sweep, out, settings.failFast(), jobs.size(), settings.workers())) {
        tracked = launcher.launch(jobs, progress);
        outcomes = progress.outcomes();
      }
    }
    List<TrialOutcome> failures =
        outcomes.stream().filter(o -> !o.succeeded() && !o.interrupted()).toList();
    int succeeded = (int) outcomes.stream().filter(TrialOutcome::succeeded).count();
    int interrupted = (int) outcomes.stream().filter(TrialOutcome::interrupted).count();
    Summary summary =
        new Summary(
            trials.size(),
            skipped,
            jobs.size(),
            succeeded,
            failures.size(),
            interrupted,
            !tracked,
            failures);
    String md = summaryMarkdown(sweep, summary);
    AtomicFiles.writeString(sweep.dir().resolve(SweepDirectory.SUMMARY), md);
    out.print(md);
    return summary;
  }

  static String summaryMarkdown(SweepDirectory sweep, Summary s) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("# Sweep ").append(sweep.definition().name()).append("\n\n");
    b.append("- folder: ").append(sweep.dir().toAbsolutePath()).append('\n');
    if (!sweep.definition().experiment().isEmpty()) {
      b.append("- experiment: ")
          .append(sweep.definition().experiment())
          .append(" v")
          .append(sweep.definition().experimentVersion())
          .append(", scale ")
          .append(sweep.definition().scale())
          .append('\n');
    }
    b.append("- written: ")
        .append(Instant.now())
        .append(", commit ")
        .append(EnvironmentReport.gitCommit())
        .append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "- this run: %d trials, %d skipped (finished earlier), %d launched: %d completed, %d failed%s%s%n%n",
            s.total(),
            s.skipped(),
            s.launched(),
            s.succeeded(),
            s.failed(),
            s.interrupted() > 0
                ? ", " + s.interrupted() + " interrupted at a checkpoint (resumable)"
                : "",
            s.detached()
                ? " (submitted; not followed: run the same command again to follow them)"
                : ""));
    b.append("| trial | arm | seed | state | pretraining status |\n|---|---|---:|---|---|\n");
    Map<String, Integer> byStage = new LinkedHashMap<>();
    for (TrialSpec t : sweep.trials()) {
      TrialState st = sweep.state(t);
      byStage.merge(st.stage().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
      b.append("| ")
          .append(t.id())
          .append(" | ")
          .append(t.arm())
          .append(" | ")
          .append(t.seed())
          .append(" | ")
          .append(st.stage().name().toLowerCase(Locale.ROOT))
          .append(st.lastFailure().isEmpty() || st.finished() ? "" : " (last attempt failed)")
          .append(" | ")
          .append(st.runStatus().isEmpty() ? "-" : st.runStatus().replace("|", "/"))
          .append(" |\n");
    }
    b.append("\nStates: ").append(byStage).append("\n");
    if (!s.failures().isEmpty()) {
      b.append("\n## Failures\n");
      for (TrialOutcome f : s.failures()) {
        b.append("\n### ").append(f.id()).append("\n\n").append(f.message()).append("\n\n```\n");
        for (String line : LogTail.of(sweep.trialDir(f.id()).resolve(TrialState.LOG), 20)) {
          b.append(line).append('\n');
        }
        b.append("```\n");
      }
    }
    return b.toString();
  }
}
