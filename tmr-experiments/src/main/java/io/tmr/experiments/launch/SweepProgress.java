package io.tmr.experiments.launch;

import io.tmr.core.io.Progress;
import io.tmr.core.run.StopSignals;
import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialState;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sweep's progress as it happens: a line when a trial starts, completes or fails (a failure at
 * once, with the tail of its log), an overall bar of trials done with the running and failed counts
 * and an ETA, and every event appended to the sweep's {@code events.jsonl}.
 */
final class SweepProgress implements TrialListener, AutoCloseable {
  static final int TAIL_LINES = 15;

  private final SweepDirectory sweep;
  private final PrintStream out;
  private final boolean failFast;
  private final int total;
  private final int workers;
  private final Progress bar;
  private final long t0 = System.nanoTime();
  private final List<TrialOutcome> outcomes = new ArrayList<>();
  private int running;
  private int done;
  private int failed;
  private int interrupted;
  private double busySeconds;

  SweepProgress(SweepDirectory sweep, PrintStream out, boolean failFast, int total, int workers) {
    this.sweep = sweep;
    this.out = out;
    this.failFast = failFast;
    this.total = total;
    this.workers = workers;
    this.bar = Progress.start("sweep " + sweep.definition().name(), total, "trials");
  }

  @Override
  public synchronized void started(TrialJob job, String where) {
    running++;
    record(job.id(), "started", where);
    out.printf("[sweep] started   %s (%s)%n", job.id(), where);
    bar.setExtraMessage(counts());
  }

  @Override
  public synchronized void finished(TrialJob job, TrialOutcome o) {
    running = Math.max(0, running - 1);
    outcomes.add(o);
    busySeconds += o.seconds();
    if (o.interrupted()) {
      interrupted++;
      record(job.id(), "interrupted", o.message());
      out.printf("[sweep] stopped   %s at a checkpoint (resumable) — %s%n", job.id(), counts());
    } else if (o.succeeded()) {
      done++;
      record(job.id(), "completed", String.format(Locale.ROOT, "%.1f s", o.seconds()));
      out.printf("[sweep] completed %s in %.0f s — %s%n", job.id(), o.seconds(), counts());
    } else {
      failed++;
      record(job.id(), "failed", o.message());
      out.printf("[sweep] FAILED    %s: %s — %s%n", job.id(), o.message(), counts());
      Path log = job.trialDir().resolve(TrialState.LOG);
      out.printf("[sweep]   last lines of %s:%n", log);
      for (String line : LogTail.of(log, TAIL_LINES)) {
        out.println("[sweep]   | " + line);
      }
    }
    bar.stepBy(1);
    bar.setExtraMessage(counts());
  }

  @Override
  public synchronized boolean stopRequested() {
    return failFast && failed > 0 || StopSignals.requested() != null;
  }

  synchronized List<TrialOutcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** done/running/failed of the trials launched now, and the ETA from the mean trial time. */
  private String counts() {
    int ended = done + failed + interrupted;
    String eta = "?";
    if (ended > 0) {
      double perTrial = busySeconds / ended;
      double remaining = (total - ended) * perTrial / Math.max(1, Math.min(workers, total - ended));
      eta = duration(remaining);
    }
    return String.format(
        Locale.ROOT,
        "%d/%d done, %d running, %d failed%s, elapsed %s, ETA %s",
        done,
        total,
        running,
        failed,
        interrupted > 0 ? ", " + interrupted + " interrupted" : "",
        duration((System.nanoTime() - t0) / 1e9),
        eta);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }

  private void record(String trial, String event, String detail) {
    try {
      sweep.event(trial, event, detail);
    } catch (IOException e) {
      out.println("[sweep] could not append to events.jsonl: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    bar.close();
  }
}
