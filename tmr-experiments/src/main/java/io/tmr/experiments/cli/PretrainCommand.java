package io.tmr.experiments.cli;

import io.tmr.config.Config;
import io.tmr.config.ConfigSpec;
import io.tmr.core.run.RunDirectory;
import io.tmr.core.run.StopSignals;
import io.tmr.models.artefact.ModelCheckpoint;
import io.tmr.models.pretrain.PretrainOptions;
import io.tmr.models.pretrain.Pretrainer;
import io.tmr.models.tmr.Feeds;
import io.tmr.models.tmr.TmrOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tmr pretrain}: ELECTRA pretraining from a YAML config plus overrides, or resuming a run.
 */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    description = {
      "Pretrain ELECTRA (generator + discriminator) on the corpus.",
      "Options come from --config FILE then --set key=value; list them with --options.",
      "A run writes runs/<run.name>/<id>/: manifest.json, config.yaml, metrics.csv, checkpoints/, plots/."
    })
final class PretrainCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML config (nested or dotted keys).")
  Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one option (repeatable).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--runs",
      defaultValue = "runs",
      paramLabel = "DIR",
      description = "Root of run folders. Default: ${DEFAULT-VALUE}.")
  Path runsRoot;

  @Option(
      names = "--run-dir",
      paramLabel = "DIR",
      description = "Exact run folder (default: <runs>/<run.name>/<time>-s<seed>).")
  Path runDir;

  @Option(
      names = "--resume",
      paramLabel = "RUN_DIR",
      description = "Continue a run from its newest checkpoint.")
  Path resume;

  @Option(
      names = "--options",
      description = "Print every option with its default and meaning, then exit.")
  boolean listOptions;

  @Option(
      names = "--replay",
      description =
          "Train with TMR's replay buffer (same as --set trainer=tmr); replay.* options apply.")
  boolean replay;

  static ConfigSpec spec() {
    return TmrOptions.spec();
  }

  /**
   * The options a resumed run may change: how often it logs, evaluates and checkpoints, how many
   * checkpoints it keeps, its time budget. Everything else (steps, schedule, data, model, replay)
   * would make the resumed run another run.
   */
  static final List<String> RESUMABLE =
      List.of(
          "log.every",
          "eval.every",
          "eval.batches",
          "checkpoint.every",
          "checkpoint.keep",
          "train.timeBudgetSeconds");

  /**
   * Applies {@code --set} options to a run being resumed (written into its config.yaml), or refuses
   * the others.
   */
  static void applyOnResume(Path runDir, List<String> sets) throws java.io.IOException {
    for (String kv : sets) {
      String key = kv.contains("=") ? kv.substring(0, kv.indexOf('=')).strip() : kv;
      if (!RESUMABLE.contains(key)) {
        throw new IllegalArgumentException(
            "--set "
                + key
                + " cannot change when a run is resumed (its results depend on it; "
                + "start a new run instead); options that may change on resume: "
                + String.join(", ", RESUMABLE));
      }
    }
    Path yaml = runDir.resolve(RunDirectory.CONFIG);
    Config changed = load(yaml).with(sets);
    io.tmr.core.io.AtomicFiles.writeString(yaml, changed.toYaml());
    System.err.println(
        "tmr pretrain: resuming "
            + runDir
            + " with "
            + String.join(" ", sets)
            + " (written to config.yaml)");
  }

  static Config load(Path yaml) {
    return Config.builder(spec()).file(yaml).build();
  }

  /**
   * The model of a run folder's newest checkpoint (or of a checkpoint file), without building a
   * trainer: from the checkpoint's own provenance and vocabulary, or, for a checkpoint written
   * before checkpoints described themselves, from its run's config.yaml.
   */
  static ModelCheckpoint.Loaded loadModel(Path runDirOrCheckpoint) throws java.io.IOException {
    return ModelCheckpoint.load(
        runDirOrCheckpoint, dir -> Pretrainer.describe(dir, PretrainCommand::load));
  }

  @Override
  public Integer call() throws Exception {
    if (listOptions) {
      System.out.print(spec().toMarkdown());
      return 0;
    }
    // SIGTERM / SIGINT: finish the step, checkpoint, mark the run interrupted (a second signal
    // exits at once).
    StopSignals.install();
    Pretrainer p;
    if (resume != null) {
      if (configFile != null || replay) {
        throw new IllegalArgumentException(
            "--config and --replay cannot be combined with --resume: a run keeps its own config.yaml");
      }
      if (!overrides.isEmpty()) {
        applyOnResume(resume, overrides);
      }
      p = Pretrainer.resume(resume, PretrainCommand::load, Feeds::forTrainer);
      if (!overrides.isEmpty()) {
        p.runDirectory().recordResumeOverrides(overrides, p.config().canonical());
      }
    } else {
      Config.Builder b = Config.builder(spec());
      if (configFile != null) {
        b.file(configFile);
      }
      if (replay) {
        b.overrides(List.of("trainer=tmr"));
      }
      Config config = b.overrides(overrides).build();
      Feeds.validate(config);
      Path dir =
          runDir != null
              ? runDir
              : runsRoot
                  .resolve(config.get(PretrainOptions.RUN_NAME))
                  .resolve(RunDirectory.newId(config.get(PretrainOptions.SEED)));
      p = Pretrainer.create(config, dir, Feeds::forTrainer);
    }
    Pretrainer.Result r = p.run();
    String signal = StopSignals.requested();
    if (r.status().startsWith("interrupted")) {
      System.err.println(
          "tmr pretrain: "
              + r.status()
              + "; checkpoint written; resume with: tmr pretrain --resume "
              + r.runDir());
      return StopSignals.exitCode(signal);
    }
    Plots.pretraining(r.runDir());
    printSummary(r);
    return 0;
  }

  static void printSummary(Pretrainer.Result r) {
    Map<String, Double> a = r.firstEval();
    Map<String, Double> b = r.lastEval();
    System.out.printf("%n%-28s %12s %12s%n", "", "start", "end");
    for (String k :
        List.of("mlm_acc", "sampled_acc", "mlm_loss", "disc_auc", "disc_acc", "disc_loss")) {
      System.out.printf("%-28s %12s %12s%n", "validation " + k, fmt(a.get(k)), fmt(b.get(k)));
    }
    System.out.printf(
        "%-28s %12d%n%-28s %12d%n%-28s %12d%n%-28s %12.0f%n%-28s %12.1f%n",
        "steps",
        r.steps(),
        "fresh sequences",
        r.freshSequences(),
        "tokens (discriminator)",
        r.tokens(),
        "tokens/s",
        r.tokens() / Math.max(1e-9, r.seconds()),
        "seconds",
        r.seconds());
    System.out.println("status: " + r.status());
    System.out.println("run: " + r.runDir());
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format("%.4f", v);
  }
}
