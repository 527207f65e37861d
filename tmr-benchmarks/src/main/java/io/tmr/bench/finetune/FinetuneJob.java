package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tmr.bench.glue.GluePredictionFile;
import io.tmr.bench.score.GlueScorer;
import io.tmr.bench.score.ScoreReport;
import io.tmr.bench.score.ScoringException;
import io.tmr.bench.score.SquadV1Scorer;
import io.tmr.bench.score.SquadV2Scorer;
import io.tmr.bench.squad.SquadDatasetFile;
import io.tmr.bench.squad.SquadPredictionsFile;
import io.tmr.bench.task.Label;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaExample;
import io.tmr.bench.task.QaScoring;
import io.tmr.bench.task.QaTask;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextExample;
import io.tmr.bench.task.TextTask;
import io.tmr.core.env.EnvironmentReport;
import io.tmr.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task fine-tuned with several seeds, written to a results folder:
 *
 * <pre>
 *   DIR/seed-N/RTE.tsv           GLUE leaderboard predictions (index, prediction) of the dev set
 *   DIR/seed-N/test/RTE.tsv      the same for the test set, when the data root holds its file
 *   DIR/seed-N/predictions.json  SQuAD predictions (+ nbest_predictions.json, null_odds.json for 2.0)
 *   DIR/seed-N/metrics.json      the seed's scores and training figures
 *   DIR/eval-gold.json           SQuAD: the evaluation part, for {@code tmr score squad --gold}
 *   DIR/results.json             per metric: values per seed, median, mean, std, min, max; source, settings
 *   DIR/results.md               the same as a Markdown table
 * </pre>
 *
 * Scores come from the official scorers run on the prediction files as written and read back, so
 * they are exactly what {@code tmr score} prints for those files.
 */
public final class FinetuneJob {
  private static final Logger log = LoggerFactory.getLogger(FinetuneJob.class);
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What one seed produced: the scorer's metrics and the training figures. */
  public record SeedOutcome(
      long seed, Map<String, Double> scores, TrainingStats stats, Path predictions) {
    public SeedOutcome {
      scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }
  }

  /**
   * A task's results over seeds.
   *
   * @param task canonical task name
   * @param evaluation what was scored, e.g. {@code dev} or the SQuAD proxy's name
   * @param trainExamples training examples per epoch (after capping and doubling; SQuAD: questions)
   * @param evalExamples examples scored
   * @param metrics per scorer key, over seeds
   * @param timing training throughput and evaluation time over seeds
   */
  public record Result(
      String task,
      String evaluation,
      int trainExamples,
      int evalExamples,
      List<SeedOutcome> seeds,
      Map<String, SeedStatistics> metrics,
      Map<String, SeedStatistics> timing,
      Path dir) {}

  /** The name SQuAD results on the by-article split carry, never "SQuAD dev". */
  public static final String SQUAD_PROXY = "SQuAD v1.1 dev-split proxy (last 10 articles)";

  private FinetuneJob() {}

  /**
   * Fine-tunes on {@code task}'s train split under {@code glueRoot} (recipe caps and doubling
   * applied) and scores the dev split, once per seed; when the test split's file is there too, its
   * predictions are written for a leaderboard submission.
   */
  public static Result glue(
      TextTask task,
      Path glueRoot,
      EncoderSource source,
      FinetuneRecipe recipe,
      List<Long> seeds,
      Path dir)
      throws IOException {
    checkArgument(!seeds.isEmpty(), "no seeds");
    Instant started = Instant.now();
    Path trainFile = task.file(glueRoot, Split.TRAIN);
    Path devFile = task.file(glueRoot, Split.DEV);
    List<TextExample> train =
        TextFinetuner.trainingExamples(
            task, task.read(trainFile, Split.TRAIN, ReadOptions.defaults()).examples(), recipe);
    TextDataset dev = task.read(devFile, Split.DEV, ReadOptions.defaults());
    Path testFile = task.splits().contains(Split.TEST) ? task.file(glueRoot, Split.TEST) : null;
    List<TextExample> test =
        testFile != null && Files.isRegularFile(testFile)
            ? task.read(testFile, Split.TEST, ReadOptions.defaults()).examples()
            : List.of();
    TextFinetuner finetuner = new TextFinetuner(task, source, recipe);
    Files.createDirectories(dir);
    List<SeedOutcome> outcomes = new ArrayList<>();
    for (long seed : seeds) {
      log.info(
          "{}: seed {} ({} training examples per epoch, {} epochs, {} dev examples)",
          task.name(),
          seed,
          train.size(),
          recipe.epochs(),
          dev.size());
      TextFinetuner.Trial trial = finetuner.run(train, dev.examples(), test, seed);
      Path seedDir = Files.createDirectories(dir.resolve("seed-" + seed));
      if (!test.isEmpty()) {
        Path testDir = Files.createDirectories(seedDir.resolve("test"));
        GluePredictionFile.write(
            testDir.resolve(task.leaderboardFileName()), task, trial.testPredictions());
      }
      Path predictions = seedDir.resolve(task.leaderboardFileName());
      GluePredictionFile.write(predictions, task, trial.predictions());
      Map<Integer, Label> written = GluePredictionFile.read(predictions, task);
      ScoreReport report;
      try {
        report = GlueScorer.score(task, dev, written);
      } catch (ScoringException e) {
        throw new IllegalStateException(
            task.name() + " seed " + seed + ": predictions cannot be scored: " + e.getMessage(), e);
      }
      outcomes.add(finishSeed(seedDir, seed, report, trial.stats(), predictions));
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("trainFile", trainFile.toAbsolutePath().toString());
    inputs.put("goldFile", devFile.toAbsolutePath().toString());
    inputs.put("testFile", test.isEmpty() ? null : testFile.toAbsolutePath().toString());
    return finish(
        task.name(),
        "dev",
        train.size(),
        dev.size(),
        outcomes,
        source,
        recipe,
        null,
        inputs,
        started,
        dir);
  }

  /**
   * Fine-tunes on {@code train} (recipe cap applied) and scores {@code eval} with the official
   * rules of {@code task}'s SQuAD version, once per seed.
   *
   * @param evaluation the name of the evaluation set in reports (e.g. {@link #SQUAD_PROXY})
   */
  public static Result squad(
      QaTask task,
      QaDataset train,
      QaDataset eval,
      String evaluation,
      EncoderSource source,
      FinetuneRecipe recipe,
      SpanSettings settings,
      List<Long> seeds,
      Path dir)
      throws IOException {
    checkArgument(!seeds.isEmpty(), "no seeds");
    Instant started = Instant.now();
    boolean v2 = task.scoring() == QaScoring.SQUAD_V2_0;
    List<QaExample> trainExamples = SpanFinetuner.trainingExamples(train.examples(), recipe);
    List<QaExample> evalExamples = eval.examples();
    Files.createDirectories(dir);
    Path gold = dir.resolve("eval-gold.json");
    SquadDatasetFile.write(gold, eval);
    QaDataset goldRead = SquadDatasetFile.read(gold, task.scoring());
    SpanFinetuner finetuner = new SpanFinetuner(source, recipe, settings, v2);
    List<SeedOutcome> outcomes = new ArrayList<>();
    for (long seed : seeds) {
      log.info(
          "{}: seed {} ({} training questions, {} epochs, {} evaluation questions)",
          task.name(),
          seed,
          trainExamples.size(),
          recipe.epochs(),
          evalExamples.size());
      SpanFinetuner.Trial trial = finetuner.run(trainExamples, evalExamples, seed);
      Path seedDir = Files.createDirectories(dir.resolve("seed-" + seed));
      Path predictions = seedDir.resolve("predictions.json");
      SquadPredictionsFile.write(predictions, trial.predictions());
      writeNBest(seedDir.resolve("nbest_predictions.json"), trial.nBest());
      Map<String, String> written = SquadPredictionsFile.readPredictions(predictions);
      ScoreReport report;
      try {
        if (v2) {
          Path odds = seedDir.resolve("null_odds.json");
          AtomicFiles.writeString(odds, JSON.writeValueAsString(trial.nullOdds()) + "\n");
          report =
              SquadV2Scorer.score(
                  goldRead,
                  written,
                  SquadPredictionsFile.readNoAnswerProbabilities(odds),
                  settings.noAnswerThreshold());
        } else {
          report = SquadV1Scorer.score(goldRead, written);
        }
      } catch (ScoringException e) {
        throw new IllegalStateException(
            task.name() + " seed " + seed + ": predictions cannot be scored: " + e.getMessage(), e);
      }
      outcomes.add(finishSeed(seedDir, seed, report, trial.stats(), predictions));
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("goldFile", gold.toAbsolutePath().toString());
    inputs.put("trainArticles", train.articles().size());
    inputs.put("evalArticles", eval.articles().size());
    return finish(
        task.name(),
        evaluation,
        trainExamples.size(),
        evalExamples.size(),
        outcomes,
        source,
        recipe,
        settings,
        inputs,
        started,
        dir);
  }

  private static SeedOutcome finishSeed(
      Path seedDir, long seed, ScoreReport report, TrainingStats stats, Path predictions)
      throws IOException {
    Map<String, Double> scores = new LinkedHashMap<>();
    // Counts (the v2.0 totals) are integers and identical across seeds: not metrics to summarise.
    report
        .metrics()
        .forEach(
            (k, v) -> {
              if (v instanceof Double d) {
                scores.put(k, d);
              }
            });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", seed);
    Map<String, Object> s = new LinkedHashMap<>();
    scores.forEach((k, v) -> s.put(k, SeedStatistics.json(v)));
    m.put("scores", s);
    m.put("notes", report.notes());
    m.put("training", stats.asMap());
    m.put("predictions", predictions.getFileName().toString());
    AtomicFiles.writeString(seedDir.resolve("metrics.json"), JSON.writeValueAsString(m) + "\n");
    log.info(
        "seed {}: {} ({} sequences/s training, {} s evaluation)",
        seed,
        scores,
        String.format(Locale.ROOT, "%.1f", stats.trainSequencesPerSecond()),
        String.format(Locale.ROOT, "%.2f", stats.evalSeconds()));
    return new SeedOutcome(seed, scores, stats, predictions);
  }

  private static Result finish(
      String task,
      String evaluation,
      int trainExamples,
      int evalExamples,
      List<SeedOutcome> outcomes,
      EncoderSource source,
      FinetuneRecipe recipe,
      SpanSettings settings,
      Map<String, Object> inputs,
      Instant started,
      Path dir)
      throws IOException {
    Map<String, SeedStatistics> metrics = new LinkedHashMap<>();
    for (String key : outcomes.get(0).scores().keySet()) {
      metrics.put(
          key,
          SeedStatistics.of(
              outcomes.stream().map(o -> o.scores().getOrDefault(key, Double.NaN)).toList()));
    }
    Map<String, SeedStatistics> timing = new LinkedHashMap<>();
    timing.put(
        "trainSequencesPerSecond",
        SeedStatistics.of(
            outcomes.stream().map(o -> o.stats().trainSequencesPerSecond()).toList()));
    timing.put(
        "trainSeconds",
        SeedStatistics.of(outcomes.stream().map(o -> o.stats().trainSeconds()).toList()));
    timing.put(
        "evalSeconds",
        SeedStatistics.of(outcomes.stream().map(o -> o.stats().evalSeconds()).toList()));
    timing.put(
        "flopsPerUpdate",
        SeedStatistics.of(outcomes.stream().map(o -> o.stats().flopsPerUpdate()).toList()));
    timing.put(
        "trainGflopsPerSecond",
        SeedStatistics.of(outcomes.stream().map(o -> o.stats().trainGflopsPerSecond()).toList()));
    Result result =
        new Result(
            task,
            evaluation,
            trainExamples,
            evalExamples,
            List.copyOf(outcomes),
            metrics,
            timing,
            dir);

    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", task);
    json.put("evaluation", evaluation);
    json.put("source", source.describe());
    json.put("settings", recipe.asMap());
    if (settings != null) {
      json.put("spanSettings", settings.asMap());
    }
    json.put("inputs", inputs);
    json.put("seeds", outcomes.stream().map(SeedOutcome::seed).toList());
    json.put("trainExamples", trainExamples);
    json.put("evalExamples", evalExamples);
    Map<String, Object> m = new LinkedHashMap<>();
    metrics.forEach((k, v) -> m.put(k, v.asMap()));
    json.put("metrics", m);
    Map<String, Object> t = new LinkedHashMap<>();
    timing.forEach((k, v) -> t.put(k, v.asMap()));
    json.put("timing", t);
    json.put("startedAt", started.toString());
    json.put("endedAt", Instant.now().toString());
    json.put("gitCommit", EnvironmentReport.gitCommit());
    json.put("java", System.getProperty("java.runtime.version"));
    AtomicFiles.writeString(dir.resolve("results.json"), JSON.writeValueAsString(json) + "\n");
    AtomicFiles.writeString(dir.resolve("results.md"), ResultsTable.forTask(result, source));
    return result;
  }

  private static void writeNBest(Path file, Map<String, List<SpanDecoder.Candidate>> nBest)
      throws IOException {
    Map<String, Object> out = new LinkedHashMap<>();
    nBest.forEach(
        (id, candidates) ->
            out.put(
                id,
                candidates.stream()
                    .map(
                        c -> {
                          Map<String, Object> m = new LinkedHashMap<>();
                          m.put("text", c.text());
                          m.put("probability", c.probability());
                          m.put("start_logit", c.startLogit());
                          m.put("end_logit", c.endLogit());
                          return m;
                        })
                    .toList()));
    AtomicFiles.writeString(file, JSON.writeValueAsString(out) + "\n");
  }
}
