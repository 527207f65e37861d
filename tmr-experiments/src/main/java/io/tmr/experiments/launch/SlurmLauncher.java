package io.tmr.experiments.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.base.Preconditions;
import io.tmr.core.io.AtomicFiles;
import io.tmr.core.run.StopSignals;
import io.tmr.experiments.sweep.ChildJvm;
import io.tmr.experiments.sweep.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs trials as a Slurm job array: one array task per trial, at most {@code workers} running at
 * once ({@code --array=0-N%workers}), {@code --cpus-per-task} = the thread budget. The job script
 * maps the task index to the trial folder and appends the trial JVM's output to the trial's {@code
 * log.txt}. Tracking polls {@code squeue}; a task that left the queue is judged by the trial's own
 * {@code status.json} and folder, with {@code scontrol show job}'s state and exit code as the note
 * when it failed (sacct needs accounting storage, which a plain installation lacks).
 *
 * <p>Submitted arrays are recorded in {@code slurm/jobs.json}. Launching again (the sweep re-run)
 * first re-attaches to tasks of recorded arrays that are still pending or running, so nothing is
 * submitted twice; only unfinished trials that are in no queue are submitted anew.
 */
public final class SlurmLauncher implements Launcher {
  private static final Logger log = LoggerFactory.getLogger(SlurmLauncher.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final LaunchSettings settings;
  private final ChildJvm jvm;
  private final Path slurmDir;

  public SlurmLauncher(LaunchSettings settings, ChildJvm jvm) {
    this.settings = settings;
    this.jvm = jvm;
    this.slurmDir = settings.sweepDir().resolve("slurm");
  }

  /** The plugin. */
  public static final class Provider implements LauncherProvider {
    @Override
    public String name() {
      return "slurm";
    }

    @Override
    public String description() {
      return "job arrays submitted with sbatch, followed with squeue/scontrol, re-attached across submissions";
    }

    @Override
    public Launcher create(LaunchSettings s) {
      return new SlurmLauncher(s, ChildJvm.current(s.jvmOptions(), s.threadsPerWorker()));
    }
  }

  /** One submitted array: its job id and the trial id of each task index. */
  public record Submission(String jobId, String script, List<String> trials, String submittedAt) {}

  /** A task in the queue: {@code <jobId>_<index>}, its state and node. */
  record QueuedTask(String jobId, int index, String state, String node) {}

  @Override
  public boolean launch(List<TrialJob> jobs, TrialListener listener)
      throws IOException, InterruptedException {
    Files.createDirectories(slurmDir);
    List<Submission> submissions = readSubmissions();
    Map<String, TrialJob> byId = new LinkedHashMap<>();
    jobs.forEach(j -> byId.put(j.id(), j));
    // Re-attach: tasks of earlier arrays still queued or running keep running; do not submit them
    // again.
    Map<String, TrialJob> tracked = new LinkedHashMap<>();
    Map<String, QueuedTask> queued = queue(submissions.stream().map(Submission::jobId).toList());
    for (Submission s : submissions) {
      for (int i = 0; i < s.trials().size(); i++) {
        String key = s.jobId() + "_" + i;
        TrialJob j = byId.get(s.trials().get(i));
        if (j != null && queued.containsKey(key) && !tracked.containsValue(j)) {
          tracked.put(key, j);
          log.info(
              "trial {} is still in Slurm's queue as {} ({}): following it",
              j.id(),
              key,
              queued.get(key).state());
        }
      }
    }
    List<TrialJob> toSubmit = jobs.stream().filter(j -> !tracked.containsValue(j)).toList();
    if (!toSubmit.isEmpty()) {
      Submission s = submit(toSubmit, submissions.size());
      submissions.add(s);
      AtomicFiles.writeString(
          slurmDir.resolve("jobs.json"), JSON.writeValueAsString(submissions) + "\n");
      for (int i = 0; i < toSubmit.size(); i++) {
        tracked.put(s.jobId() + "_" + i, toSubmit.get(i));
      }
      log.info(
          "submitted {} trials as Slurm job array {} ({})", toSubmit.size(), s.jobId(), s.script());
    }
    if (settings.detach()) {
      return false;
    }
    return follow(tracked, listener);
  }

  /** Writes the job script for {@code jobs} and submits it; returns the submission. */
  Submission submit(List<TrialJob> jobs, int number) throws IOException, InterruptedException {
    Path script = slurmDir.resolve(String.format("array-%03d.sh", number));
    AtomicFiles.writeString(script, script(jobs, number));
    List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable", script.toString()));
    Shell.Result r = Shell.run(cmd, 60);
    if (!r.ok()) {
      throw new IOException("sbatch failed (exit " + r.exitCode() + "): " + r.stderr().strip());
    }
    String jobId = r.stdout().strip().split(";")[0];
    Preconditions.checkState(
        jobId.matches("\\d+"), "sbatch answered '%s', not a job id", r.stdout().strip());
    return new Submission(
        jobId,
        script.toString(),
        jobs.stream().map(TrialJob::id).toList(),
        Instant.now().toString());
  }

  /** The job array script: SBATCH header, the task → trial folder table, the trial JVM. */
  String script(List<TrialJob> jobs, int number) {
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append("# tmr sweep ")
        .append(settings.sweepName())
        .append(": ")
        .append(jobs.size())
        .append(" trials, written ")
        .append(Instant.now())
        .append('\n');
    b.append("#SBATCH --job-name=tmr-").append(settings.sweepName()).append('\n');
    b.append("#SBATCH --array=0-")
        .append(jobs.size() - 1)
        .append('%')
        .append(settings.workers())
        .append('\n');
    b.append("#SBATCH --cpus-per-task=").append(settings.threadsPerWorker()).append('\n');
    b.append("#SBATCH --ntasks=1\n");
    b.append("#SBATCH --output=")
        .append(slurmDir.toAbsolutePath().resolve(String.format("array-%03d-%%a.out", number)))
        .append('\n');
    b.append("#SBATCH --chdir=").append(Path.of("").toAbsolutePath()).append('\n');
    String partition = settings.option("partition", "");
    if (!partition.isEmpty()) {
      b.append("#SBATCH --partition=").append(partition).append('\n');
    }
    String time = settings.option("time", "");
    if (!time.isEmpty()) {
      b.append("#SBATCH --time=").append(time).append('\n');
      // SIGTERM to the trial JVM (exec'd below, so it is the batch shell) this long before the
      // limit: it finishes its step, writes a checkpoint and exits 143, resumable; Slurm's own
      // SIGTERM at the limit leaves it only KillWait (often 30 s).
      b.append("#SBATCH --signal=B:TERM@").append(settings.option("stopGrace", "300")).append('\n');
    }
    for (String extra : settings.option("sbatch", "").split("\\s+")) {
      if (!extra.isBlank()) {
        b.append("#SBATCH ").append(extra).append('\n');
      }
    }
    b.append("set -u\nTRIALS=(\n");
    for (TrialJob j : jobs) {
      b.append("  ").append(Shell.quote(j.trialDir().toAbsolutePath().toString())).append('\n');
    }
    b.append(")\nTRIAL=\"${TRIALS[$SLURM_ARRAY_TASK_ID]}\"\n");
    jvm.environment()
        .forEach(
            (k, v) ->
                b.append("export ").append(k).append('=').append(Shell.quote(v)).append('\n'));
    // The OpenBLAS kernel set for this node's CPU, by the launcher's rule (an explicit setting is
    // kept).
    b.append("eval \"$(")
        .append(
            jvm.blasKernelsCommand().stream().map(Shell::quote).collect(Collectors.joining(" ")))
        .append(")\"\n");
    b.append(
            "echo \"=== $(date -u +%Y-%m-%dT%H:%M:%SZ) slurm job ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} on $(hostname)\" >> \"$TRIAL/")
        .append(TrialState.LOG)
        .append("\"\n");
    List<String> cmd = jvm.command(List.of("sweep", "trial"));
    b.append("exec ")
        .append(cmd.stream().map(Shell::quote).collect(Collectors.joining(" ")))
        .append(" \"$TRIAL\" >> \"$TRIAL/")
        .append(TrialState.LOG)
        .append("\" 2>&1\n");
    return b.toString();
  }

  /**
   * Follows the tasks until they end; false when this process was asked to stop (SIGTERM/SIGINT):
   * the tasks keep running under Slurm and the same command follows them again.
   */
  private boolean follow(Map<String, TrialJob> tracked, TrialListener listener)
      throws IOException, InterruptedException {
    long pollMillis = (long) (Double.parseDouble(settings.option("poll", "5")) * 1000);
    Map<String, Long> startedAt = new HashMap<>();
    Map<String, TrialJob> open = new LinkedHashMap<>(tracked);
    boolean cancelled = false;
    while (!open.isEmpty()) {
      if (StopSignals.requested() != null) {
        log.info(
            "{}: stopped following {} Slurm tasks; they keep running (Slurm sends them SIGTERM at"
                + " their time limit); run the same command to follow them again",
            StopSignals.requested(),
            open.size());
        return false;
      }
      if (listener.stopRequested() && !cancelled) {
        List<String> ids =
            open.keySet().stream().map(k -> k.substring(0, k.indexOf('_'))).distinct().toList();
        List<String> cmd = new ArrayList<>(List.of("scancel"));
        cmd.addAll(ids);
        Shell.run(cmd, 60);
        cancelled = true;
        log.info("fail-fast: cancelled Slurm jobs {}", ids);
      }
      Map<String, QueuedTask> queued =
          queue(
              open.keySet().stream().map(k -> k.substring(0, k.indexOf('_'))).distinct().toList());
      for (Map.Entry<String, TrialJob> e : new ArrayList<>(open.entrySet())) {
        QueuedTask q = queued.get(e.getKey());
        if (q != null) {
          if (q.state().equals("RUNNING") && !startedAt.containsKey(e.getKey())) {
            startedAt.put(e.getKey(), System.nanoTime());
            listener.started(e.getValue(), "slurm job " + e.getKey() + " on " + q.node());
          }
          continue;
        }
        open.remove(e.getKey());
        Long t0 = startedAt.get(e.getKey());
        String note = jobNote(e.getKey());
        int exit = exitCode(note);
        if (cancelled && !TrialOutcome.of(e.getValue(), exit, note, 0).succeeded()) {
          continue; // cancelled by fail-fast: not a failure of its own
        }
        listener.finished(
            e.getValue(),
            TrialOutcome.of(
                e.getValue(), exit, note, t0 == null ? 0 : (System.nanoTime() - t0) / 1e9));
      }
      if (!open.isEmpty()) {
        Thread.sleep(pollMillis);
      }
    }
    return true;
  }

  /** Queued or running array tasks of {@code jobIds}, keyed {@code <jobId>_<index>}. */
  static Map<String, QueuedTask> queue(List<String> jobIds)
      throws IOException, InterruptedException {
    Map<String, QueuedTask> out = new LinkedHashMap<>();
    for (String id : jobIds) {
      // One job at a time: squeue refuses the whole query when one id has been purged.
      Shell.Result r = Shell.run(List.of("squeue", "-h", "-r", "-j", id, "-o", "%i|%T|%N"), 60);
      if (!r.ok()) {
        if (r.stderr().contains("Invalid job id")) {
          continue;
        }
        throw new IOException("squeue failed (exit " + r.exitCode() + "): " + r.stderr().strip());
      }
      for (String line : r.stdout().split("\n")) {
        String[] f = line.strip().split("\\|", -1);
        if (f.length < 2 || !f[0].contains("_")) {
          continue;
        }
        String[] jt = f[0].split("_", 2);
        if (!jt[1].matches("\\d+")) {
          continue; // a pending range like 12_[3-5] is listed element by element with -r
        }
        out.put(
            f[0], new QueuedTask(jt[0], Integer.parseInt(jt[1]), f[1], f.length > 2 ? f[2] : ""));
      }
    }
    return out;
  }

  /**
   * {@code scontrol show job}'s state and exit code of a finished task, e.g. {@code FAILED, exit
   * 1:0}; "" when forgotten.
   */
  static String jobNote(String key) throws IOException, InterruptedException {
    Shell.Result r = Shell.run(List.of("scontrol", "-o", "show", "job", key), 60);
    if (!r.ok()) {
      return "";
    }
    String state = field(r.stdout(), "JobState");
    String exit = field(r.stdout(), "ExitCode");
    return state.isEmpty() ? "" : "slurm " + key + ": " + state + ", exit " + exit;
  }

  private static int exitCode(String note) {
    int i = note.lastIndexOf("exit ");
    if (i < 0) {
      return -1;
    }
    String[] parts = note.substring(i + 5).split(":");
    try {
      int code = Integer.parseInt(parts[0]);
      int signal = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return signal != 0 ? 128 + signal : code;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String field(String text, String name) {
    for (String tok : text.split("\\s+")) {
      if (tok.startsWith(name + "=")) {
        return tok.substring(name.length() + 1);
      }
    }
    return "";
  }

  private List<Submission> readSubmissions() throws IOException {
    Path f = slurmDir.resolve("jobs.json");
    if (!Files.isRegularFile(f)) {
      return new ArrayList<>();
    }
    return new ArrayList<>(List.of(JSON.readValue(f.toFile(), Submission[].class)));
  }

  /** Whether Slurm answers here (sbatch and squeue exist and the controller responds). */
  public static boolean available() {
    try {
      return Shell.run(List.of("scontrol", "ping"), 10).stdout().contains("UP")
          && Shell.run(List.of("sinfo", "-h"), 10).ok();
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
