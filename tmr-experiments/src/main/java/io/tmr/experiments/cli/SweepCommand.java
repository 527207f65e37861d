package io.tmr.experiments.cli;

import io.tmr.core.run.FolderLock;
import io.tmr.core.run.StopSignals;
import io.tmr.experiments.launch.LaunchSettings;
import io.tmr.experiments.launch.Launcher;
import io.tmr.experiments.launch.Launchers;
import io.tmr.experiments.launch.SweepRunner;
import io.tmr.experiments.registry.Evaluation;
import io.tmr.experiments.registry.Experiment;
import io.tmr.experiments.registry.Scale;
import io.tmr.experiments.registry.TableLayout;
import io.tmr.experiments.sweep.Axis;
import io.tmr.experiments.sweep.ChildJvm;
import io.tmr.experiments.sweep.FinetuneCommandEvaluator;
import io.tmr.experiments.sweep.SweepDefinition;
import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialRunner;
import io.tmr.experiments.sweep.TrialSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tmr sweep}: run an experiment or an ad-hoc grid as a resumable sweep of trials. */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    description = {
      "Run an experiment (--experiment NAME --scale S) or an ad-hoc grid (--grid/--zip) over seeds as a sweep:",
      "one folder per trial with a deterministic id. Re-running the same command skips finished trials and resumes",
      "unfinished ones from their last checkpoint; a definition that would collide with what ran is refused.",
      "Failures are reported at once with their log tail; the rest continue (--fail-fast stops). Exit 1 if any failed."
    },
    subcommands = {SweepCommand.TrialCommand.class})
final class SweepCommand implements Callable<Integer> {
  @Option(
      names = "--experiment",
      paramLabel = "NAME",
      description = "An experiment of the registry (tmr experiments list).")
  String experiment;

  @Option(
      names = "--scale",
      defaultValue = "laptop",
      paramLabel = "S",
      description = "The experiment's scale: smoke, laptop, paper. Default: ${DEFAULT-VALUE}.")
  String scale;

  @Option(
      names = "--experiments",
      paramLabel = "DIR",
      description = "Another folder of YAML experiments (repeatable).")
  List<Path> experimentFolders = new ArrayList<>();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Sweep name (ad-hoc sweeps; default: the experiment-scale).")
  String name;

  @Option(
      names = "--grid",
      paramLabel = "KEY=V1,V2",
      description = "A grid axis over one option (repeatable; axes multiply).")
  List<String> grid = new ArrayList<>();

  @Option(
      names = "--zip",
      paramLabel = "KEY=V1,V2",
      description = "Options that move together: all --zip keys form one axis (equal lengths).")
  List<String> zip = new ArrayList<>();

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A setting shared by every trial (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--seeds",
      paramLabel = "SEEDS",
      description = "Pretraining seeds: 1,2,3 or 1..5 (default: the scale's; ad-hoc: 1).")
  String seeds;

  @Option(
      names = "--pretraining-only",
      description = "Skip fine-tuning; compare the runs' validation RTD loss/AUC only.")
  boolean pretrainingOnly;

  @Option(
      names = "--evaluate-arms",
      split = ",",
      paramLabel = "ARM,..",
      description =
          "Fine-tune only these arms (the others: pretraining metrics only). Running the sweep again with more arms "
              + "fine-tunes the added ones; finished trials stay as they are.")
  List<String> evaluateArms = new ArrayList<>();

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Sweep folder (default: sweeps/<name>).")
  Path dir;

  @Option(
      names = "--launcher",
      defaultValue = "local",
      paramLabel = "NAME",
      description = "local or slurm. Default: ${DEFAULT-VALUE}.")
  String launcher;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Trials at once (default: cores / threads).")
  Integer workers;

  @Option(
      names = "--threads",
      defaultValue = "1",
      paramLabel = "T",
      description = "Threads per trial JVM (OMP/OpenBLAS/tmr.threads). Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--jvm-opt",
      paramLabel = "OPT",
      description = "Option for each trial JVM (repeatable). Default: -Xmx3g.")
  List<String> jvmOptions = new ArrayList<>();

  @Option(
      names = "--fail-fast",
      description = "Stop at the first failed trial (end the running ones).")
  boolean failFast;

  @Option(
      names = "--detach",
      description = "Slurm: return after submitting; run the command again to follow the jobs.")
  boolean detach;

  @Option(names = "--slurm-partition", paramLabel = "P", description = "Slurm partition.")
  String partition = "";

  @Option(
      names = "--slurm-time",
      paramLabel = "T",
      description = "Slurm time limit per trial (e.g. 02:00:00).")
  String time = "";

  @Option(
      names = "--slurm-stop-grace",
      defaultValue = "300",
      paramLabel = "SECONDS",
      description =
          "Slurm, with --slurm-time: SIGTERM each trial this long before its time limit, so it stops"
              + " at a checkpoint (resumable). Default: ${DEFAULT-VALUE}.")
  int stopGrace;

  @Option(
      names = "--slurm-arg",
      paramLabel = "ARG",
      description = "Extra sbatch option, e.g. --mem=8G (repeatable).")
  List<String> sbatchArgs = new ArrayList<>();

  @Option(
      names = "--poll",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "Slurm: seconds between squeue polls. Default: ${DEFAULT-VALUE}.")
  double poll;

  @Option(names = "--dry-run", description = "Print the trials and their state, run nothing.")
  boolean dryRun;

  /** The sweep definition the options describe. */
  SweepDefinition definition() throws Exception {
    if (experiment != null) {
      if (!grid.isEmpty() || !zip.isEmpty()) {
        throw new IllegalArgumentException(
            "--grid/--zip define an ad-hoc sweep; with --experiment the arms are the experiment's");
      }
      Experiment e = ExperimentsCommand.registry(experimentFolders).get(experiment);
      Scale s = e.scale(scale);
      if (seeds != null) {
        s = s.withSeeds(parseSeeds(seeds));
      }
      if (pretrainingOnly) {
        s = s.withEvaluation(Evaluation.pretrainingOnly());
      }
      if (!evaluateArms.isEmpty()) {
        List<String> known = e.arms().stream().map(io.tmr.experiments.registry.Arm::name).toList();
        for (String a : evaluateArms) {
          if (!known.contains(a)) {
            throw new IllegalArgumentException(
                "--evaluate-arms: experiment "
                    + e.name()
                    + " has no arm '"
                    + a
                    + "'; arms: "
                    + String.join(", ", known));
          }
        }
        if (!s.evaluation().finetunes()) {
          throw new IllegalArgumentException(
              "--evaluate-arms needs a scale that fine-tunes ("
                  + s.name()
                  + " does not, or "
                  + "--pretraining-only was given)");
        }
        s = s.withEvaluation(s.evaluation().withArms(evaluateArms));
      }
      SweepDefinition d = SweepDefinition.of(e, s, overrides);
      return name == null
          ? d
          : new SweepDefinition(
              name,
              d.experiment(),
              d.experimentVersion(),
              d.scale(),
              d.base(),
              d.axes(),
              d.seeds(),
              d.evaluation(),
              d.table());
    }
    if (grid.isEmpty() && zip.isEmpty()) {
      throw new IllegalArgumentException(
          "give --experiment NAME, or --grid/--zip axes for an ad-hoc sweep");
    }
    if (name == null) {
      throw new IllegalArgumentException("an ad-hoc sweep needs --name");
    }
    List<Axis> axes = new ArrayList<>();
    grid.forEach(g -> axes.add(Axis.grid(g)));
    if (!zip.isEmpty()) {
      axes.add(Axis.zip(zip));
    }
    SweepDefinition probe =
        new SweepDefinition(
            name,
            "",
            0,
            "",
            overrides,
            axes,
            List.of(1L),
            Evaluation.pretrainingOnly(),
            new TableLayout("-", TableLayout.defaultMetrics(), ""));
    String baseline = probe.arms().get(0);
    String ablationKey =
        axes.size() == 1 && !axes.get(0).name().contains("+") ? axes.get(0).name() : "";
    return new SweepDefinition(
        name,
        "",
        0,
        "",
        overrides,
        axes,
        seeds == null ? List.of(1L) : parseSeeds(seeds),
        Evaluation.pretrainingOnly(),
        new TableLayout(baseline, TableLayout.defaultMetrics(), ablationKey));
  }

  /** {@code 1,2,3} or {@code 1..5} (or a mix: {@code 1..3,7}). */
  static List<Long> parseSeeds(String spec) {
    List<Long> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      String p = part.strip();
      if (p.contains("..")) {
        long a = Long.parseLong(p.substring(0, p.indexOf("..")).strip());
        long b = Long.parseLong(p.substring(p.indexOf("..") + 2).strip());
        if (b < a) {
          throw new IllegalArgumentException("seed range " + p + " is empty");
        }
        for (long s = a; s <= b; s++) {
          out.add(s);
        }
      } else if (!p.isEmpty()) {
        out.add(Long.parseLong(p));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("--seeds lists no seed");
    }
    return out;
  }

  @Override
  public Integer call() throws Exception {
    SweepDefinition d = definition();
    d.validate();
    Path sweepDir = dir != null ? dir : Path.of("sweeps", d.name());
    SweepDirectory sweep = SweepDirectory.open(sweepDir, d);
    if (dryRun) {
      System.out.printf("%-60s %-28s %5s %s%n", "trial", "arm", "seed", "state");
      for (TrialSpec t : sweep.trials()) {
        System.out.printf(
            "%-60s %-28s %5d %s%n", t.id(), t.arm(), t.seed(), sweep.state(t).stage());
      }
      return 0;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int w = workers != null ? workers : Math.max(1, cores / threads);
    Map<String, String> options = new LinkedHashMap<>();
    options.put("launcher", launcher);
    options.put("partition", partition);
    options.put("time", time);
    options.put("stopGrace", Integer.toString(stopGrace));
    options.put("sbatch", String.join(" ", sbatchArgs));
    options.put("poll", Double.toString(poll));
    LaunchSettings settings =
        new LaunchSettings(
            sweepDir,
            d.name(),
            w,
            threads,
            jvmOptions.isEmpty() ? List.of("-Xmx3g") : jvmOptions,
            failFast,
            detach,
            options);
    Launcher l = Launchers.get(launcher).create(settings);
    SweepRunner.Summary s;
    // SIGTERM/Ctrl-C: start no more trials, stop the running ones at a checkpoint, wait for them.
    StopSignals.install();
    // One sweep process per folder: a second one would start the same trials twice.
    try (FolderLock lock = FolderLock.acquire(sweepDir, "sweep")) {
      s = SweepRunner.run(sweep, l, settings, System.out);
    }
    String signal = StopSignals.requested();
    if (signal != null) {
      System.out.println(
          "sweep "
              + d.name()
              + ": stopped by "
              + signal
              + (s.detached()
                  ? " (Slurm tasks keep running)"
                  : "; " + s.interrupted() + " trial(s) stopped at a checkpoint")
              + "; run the same command again to resume");
      return StopSignals.exitCode(signal);
    }
    if (s.detached()) {
      System.out.println(
          "submitted; follow with the same command (finished trials are skipped, queued ones followed)");
      return 0;
    }
    System.out.println(
        s.ok()
            ? "sweep " + d.name() + ": all trials finished; report with: tmr report " + sweepDir
            : "sweep "
                + d.name()
                + ": "
                + s.failed()
                + " trial(s) failed (see above and "
                + sweepDir.resolve(SweepDirectory.SUMMARY)
                + "); "
                + "run the same command again to retry them");
    return s.ok() ? 0 : 1;
  }

  /** {@code tmr sweep trial DIR}: one trial in this JVM (what launchers start). */
  @Command(
      name = "trial",
      mixinStandardHelpOptions = true,
      description = {
        "Run one trial of a sweep in this JVM: pretraining (resumed from its last checkpoint if an earlier attempt",
        "did not finish), then the downstream evaluation if the sweep has one. Launchers start this; exit 0 when finished."
      })
  static final class TrialCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRIAL_DIR")
    Path trialDir;

    @Override
    public Integer call() throws Exception {
      // SIGTERM (a sweep stopping, Slurm's time limit) stops the trial at a checkpoint, resumable.
      StopSignals.install();
      // Fine-tuning JVMs get this trial JVM's heap, data folder and thread budget.
      List<String> inherited =
          ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
              .filter(
                  a ->
                      a.startsWith("-Xmx")
                          || a.startsWith("-Dtmr.") && !a.startsWith("-Dtmr.threads="))
              .toList();
      TrialRunner runner =
          new TrialRunner(
              args -> TmrCli.execute(args.toArray(new String[0])),
              new FinetuneCommandEvaluator(
                  ChildJvm.current(
                      inherited,
                      Integer.getInteger(
                          "tmr.threads", Runtime.getRuntime().availableProcessors()))));
      return runner.run(trialDir);
    }
  }
}
