package io.tmr.models.pretrain;

import io.tmr.config.Config;
import io.tmr.core.io.Progress;
import io.tmr.core.nn.Parameters;
import io.tmr.core.run.MetricsLog;
import io.tmr.core.run.RunDirectory;
import io.tmr.core.text.Vocabulary;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.artefact.ModelCheckpoint;
import io.tmr.models.artefact.Provenance;
import io.tmr.models.electra.ElectraModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pretraining run: its parts ({@link PretrainSetup}), its folder, and the loop that runs {@link
 * TrainStep} until {@code train.steps} with the listeners in order: progress, time budget,
 * evaluation, metrics.csv, checkpoints (then the user's).
 *
 * <p>Determinism: every random stream of step {@code t} is seeded by a hash of (seed, t, purpose),
 * so the state to resume is the parameters, the optimizer moments, the data position and the feed's
 * snapshot — all in the checkpoint. A run killed at any point and resumed from its last checkpoint
 * reproduces the uninterrupted run bit for bit.
 */
public final class Pretrainer {
  private static final Logger log = LoggerFactory.getLogger(Pretrainer.class);

  /** The columns every run logs (a feed adds its own). */
  public static final List<String> BASE_COLUMNS = TrainColumns.NAMES;

  private final PretrainSetup setup;
  private final RunDirectory run;
  private final RunCounters counters = new RunCounters();
  private final List<TrainingListener> extraListeners = new ArrayList<>();

  /** Outcome of {@link #run}. */
  public record Result(
      long steps,
      long freshSequences,
      long discSequences,
      long tokens,
      double seconds,
      Map<String, Double> firstEval,
      Map<String, Double> lastEval,
      Path runDir,
      String status) {}

  /** Reads a run's config.yaml back into a {@link Config} (the spec depends on the trainer). */
  @FunctionalInterface
  public interface ConfigFactory {
    Config load(Path configYaml) throws IOException;
  }

  private Pretrainer(PretrainSetup setup, RunDirectory run) {
    this.setup = setup;
    this.run = run;
  }

  /** Starts a new run in {@code runDir}. */
  public static Pretrainer create(
      Config config, Path runDir, Function<FeedContext, DiscriminatorFeed> feed)
      throws IOException {
    RunDirectory run =
        RunDirectory.create(runDir, "pretrain", config, config.get(PretrainOptions.SEED));
    PretrainSetup setup;
    try {
      setup = PretrainSetup.assemble(config, feed);
    } catch (IOException | RuntimeException e) {
      run.finish("failed: " + e.getMessage(), null);
      throw e;
    }
    run.record("provenance", setup.provenance().tree());
    return new Pretrainer(setup, run);
  }

  /**
   * Reopens {@code runDir} (its config.yaml) and restores the newest intact checkpoint. A
   * checkpoint that cannot be read back (its integrity record does not match, it is truncated) is
   * reported by name, moved aside ({@code .damaged}) and the previous one used.
   */
  public static Pretrainer resume(
      Path runDir, ConfigFactory configs, Function<FeedContext, DiscriminatorFeed> feed)
      throws IOException {
    Config config = configs.load(runDir.resolve(RunDirectory.CONFIG));
    Checkpoint.Loaded loaded = null;
    Path ckpt = null;
    for (Path candidate : Checkpoint.allNewestFirst(runDir.resolve("checkpoints"))) {
      try {
        loaded = Checkpoint.load(candidate);
        ckpt = candidate;
        break;
      } catch (IOException damaged) {
        Path aside = Checkpoint.setAside(candidate);
        log.warn(
            "checkpoint {} is damaged ({}); moved to {}, resuming from the one before",
            candidate.getFileName(),
            damaged.getMessage(),
            aside.getFileName());
      }
    }
    long from = ckpt == null ? 0 : Checkpoint.stepOf(ckpt);
    RunDirectory run = RunDirectory.resume(runDir, from);
    Pretrainer p;
    try {
      p = new Pretrainer(PretrainSetup.assemble(config, feed), run);
    } catch (IOException | RuntimeException e) {
      run.finish("failed: " + e.getMessage(), null);
      throw e;
    }
    if (loaded != null) {
      p.setup.checkpointState(run.checkpoints(), null).restore(loaded, p.counters);
      log.info("resumed {} from {} (step {})", runDir, ckpt.getFileName(), from);
    } else {
      log.info("no checkpoint in {}; starting from step 0", runDir);
    }
    return p;
  }

  /**
   * The description of the run in {@code runDir} from its config.yaml (read with {@code configs}):
   * for checkpoints written before they carried their provenance. Resolves the vocabulary; reads no
   * corpus and builds no model.
   */
  public static ModelCheckpoint.Description describe(Path runDir, ConfigFactory configs)
      throws IOException {
    Config config = configs.load(runDir.resolve(RunDirectory.CONFIG));
    Vocabulary vocab =
        PretrainOptions.vocabulary(
            config, PretrainOptions.corpusDir(config.get(PretrainOptions.CORPUS)));
    return new ModelCheckpoint.Description(
        Provenance.of(
            "pretrain (described from " + runDir.resolve(RunDirectory.CONFIG) + ")",
            config,
            PretrainOptions.modelConfig(config, vocab.size()),
            config.get(PretrainOptions.DATA_TYPE),
            vocab),
        vocab);
  }

  /** Adds a listener told about every step after the built-in ones. */
  public Pretrainer addListener(TrainingListener listener) {
    extraListeners.add(listener);
    return this;
  }

  public Config config() {
    return setup.config();
  }

  public ElectraModel model() {
    return setup.model();
  }

  public Vocabulary vocabulary() {
    return setup.vocab();
  }

  public int batchSize() {
    return setup.batch();
  }

  public int totalSteps() {
    return setup.steps();
  }

  public int seqLength() {
    return setup.seqLength();
  }

  public long seed() {
    return setup.seed();
  }

  public RunDirectory runDirectory() {
    return run;
  }

  public long step() {
    return counters.step;
  }

  /**
   * Trains until {@code train.steps} (or the time budget), logging, evaluating and checkpointing.
   */
  public Result run() throws IOException {
    Config c = setup.config();
    int steps = setup.steps();
    long t0 = System.nanoTime();
    String status = "completed";
    EvaluationListener evaluation =
        new EvaluationListener(
            setup.validation(c.get(PretrainOptions.EVAL_BATCHES)),
            c.get(PretrainOptions.EVAL_EVERY));
    Validation.Metrics first = null;
    List<String> columns = MetricsListener.columns(setup.feed());
    try (TrainStep trainStep = setup.trainStep();
        MetricsLog metrics =
            counters.step == 0
                ? MetricsLog.create(run.metrics(), columns)
                : MetricsLog.resume(run.metrics(), columns, counters.step);
        Progress progress =
            Progress.start("pretrain " + run.dir().getFileName(), steps - counters.step, "steps")) {
      CheckpointState state = setup.checkpointState(run.checkpoints(), trainStep);
      MetricsListener metricsListener =
          new MetricsListener(
              metrics, setup.feed(), c.get(PretrainOptions.LOG_EVERY), setup.seqLength());
      List<TrainingListener> listeners =
          new ArrayList<>(
              List.of(
                  e -> progress.stepBy(1),
                  new InterruptListener(),
                  new TimeBudgetListener(c.get(PretrainOptions.TIME_BUDGET), t0),
                  evaluation,
                  metricsListener,
                  new CheckpointListener(state, c.get(PretrainOptions.CHECKPOINT_EVERY))));
      listeners.addAll(extraListeners);
      if (counters.step == 0) {
        first = evaluation.evaluateNow(0);
        metricsListener.logStart(first);
      }
      status = loop(trainStep, listeners, state);
      if (counters.step == steps
          && Checkpoint.latest(run.checkpoints()) != null
          && Checkpoint.stepOf(Checkpoint.latest(run.checkpoints())) != counters.step) {
        state.save(counters);
      }
      for (TrainingListener l : listeners) {
        l.finished(status);
      }
    } catch (NonFiniteLossException e) {
      NonFiniteLossException named =
          e.withLastCheckpoint(Checkpoint.latestFinite(run.checkpoints()));
      run.finish("failed: non-finite loss " + e.loss() + " at step " + e.step(), null);
      throw named;
    } catch (IOException | RuntimeException e) {
      run.finish("failed: " + e.getMessage(), null);
      throw e;
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Double> lastEval =
        evaluation.latest() == null ? Map.of() : evaluation.latest().asMap();
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("steps", counters.step);
    results.put("freshSequences", counters.freshSequences);
    results.put("discSequences", counters.discSequences);
    results.put("tokens", counters.tokens);
    results.put("seconds", seconds);
    results.put("validation", lastEval);
    results.put("parameters", Parameters.count(setup.model().parameters()));
    run.finish(status, results);
    return new Result(
        counters.step,
        counters.freshSequences,
        counters.discSequences,
        counters.tokens,
        seconds,
        first == null ? Map.of() : first.asMap(),
        lastEval,
        run.dir(),
        status);
  }

  /** Runs the remaining steps; returns the run's status. */
  private String loop(TrainStep trainStep, List<TrainingListener> listeners, CheckpointState state)
      throws IOException {
    int steps = setup.steps();
    int logEvery = setup.config().get(PretrainOptions.LOG_EVERY);
    while (counters.step < steps) {
      long current = counters.step + 1;
      TrainStep.Result r = trainStep.run(current, current % logEvery == 0 || current == steps);
      counters.add(r);
      StepEvent event = new StepEvent(r, counters, current == steps);
      for (TrainingListener l : listeners) {
        l.stepDone(event);
      }
      if (event.stopping()) {
        log.info(event.stopReason());
        return event.stopReason();
      }
    }
    return "completed";
  }
}
