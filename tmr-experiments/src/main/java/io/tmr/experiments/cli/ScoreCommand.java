package io.tmr.experiments.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.tmr.bench.task.QaScoring;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TaskRegistry;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tmr score glue|squad}: scores a predictions file against gold data with the official rules
 * and prints one JSON object of metrics to stdout (percentages ×100, keys as the official scripts
 * name them). Messages the official scripts print to stderr (unanswered questions, version
 * mismatches) go to stderr. Exit status: 0 scored, 1 unreadable/malformed input or predictions that
 * cannot be scored, 2 usage error.
 */
@Command(
    name = "score",
    description =
        "Score predictions with the official GLUE / SQuAD rules; prints one JSON object of metrics.",
    subcommands = {ScoreCommand.Glue.class, ScoreCommand.Squad.class})
public final class ScoreCommand implements Runnable {

  /** Exit status for input that cannot be read or scored. */
  public static final int INPUT_ERROR = 1;

  private static final ObjectMapper JSON = io.tmr.config.StrictJson.json();

  @Spec private CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  private boolean help;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: glue or squad");
  }

  /** Prints the report: notes to stderr, the metrics as one JSON line to stdout. */
  static int print(CommandLine commandLine, ScoreReport report) throws JsonProcessingException {
    PrintWriter err = commandLine.getErr();
    report.notes().forEach(n -> err.println(n));
    err.flush();
    Map<String, Object> out = new LinkedHashMap<>();
    // JSON has no NaN; an undefined metric (correlation of a constant series) is printed as null.
    report
        .metrics()
        .forEach((k, v) -> out.put(k, v instanceof Double d && !Double.isFinite(d) ? null : v));
    PrintWriter stdout = commandLine.getOut();
    stdout.println(JSON.writeValueAsString(out));
    stdout.flush();
    return 0;
  }

  /** Reports an input problem on stderr and returns {@link #INPUT_ERROR}. */
  static int fail(CommandLine commandLine, Exception e) {
    String message =
        e instanceof NoSuchFileException missing
            ? "no such file: " + missing.getFile()
            : e.getMessage();
    commandLine.getErr().println("tmr score " + commandLine.getCommandName() + ": " + message);
    commandLine.getErr().flush();
    return INPUT_ERROR;
  }

  /** {@code tmr score glue --task TASK --gold DEV.tsv --predictions PRED.tsv}. */
  @Command(
      name = "glue",
      description = {
        "Score GLUE leaderboard-format predictions (header index<TAB>prediction) against a "
            + "labeled TSV file.",
        "Keys: accuracy, f1 (class 1), mcc, pearson, spearman, as the task reports them; ×100."
      })
  public static final class Glue implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    private boolean help;

    @Option(
        names = "--task",
        required = true,
        paramLabel = "TASK",
        description =
            "Task name, e.g. CoLA, SST-2, MRPC, STS-B, QQP, MNLI-m, MNLI-mm, QNLI, RTE, WNLI, AX "
                + "(case and '-'/'_' are ignored).")
    private String task;

    @Option(
        names = "--gold",
        required = true,
        paramLabel = "DEV.tsv",
        description = "Labeled gold file.")
    private Path gold;

    @Option(
        names = "--predictions",
        required = true,
        paramLabel = "PRED.tsv",
        description = "Predictions file.")
    private Path predictions;

    @Option(
        names = "--split",
        defaultValue = "dev",
        paramLabel = "dev|train",
        description =
            "Column layout of the gold file (MNLI's train and dev differ). Default: ${DEFAULT-VALUE}.")
    private String split;

    @Override
    public Integer call() throws JsonProcessingException {
      CommandLine cl = spec.commandLine();
      TextTask textTask;
      try {
        textTask = TaskRegistry.load().textTask(task);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cl, e.getMessage());
      }
      Split goldSplit =
          switch (split.toLowerCase(Locale.ROOT)) {
            case "dev" -> Split.DEV;
            case "train" -> Split.TRAIN;
            default ->
                throw new ParameterException(
                    cl, "--split must be dev or train (test files have no labels)");
          };
      if (!textTask.splits().contains(goldSplit)) {
        throw new ParameterException(cl, textTask.name() + " has no " + split + " layout");
      }
      try {
        TextDataset goldData = textTask.read(gold, goldSplit, ReadOptions.defaults());
        Map<Integer, Label> predicted = GluePredictionFile.read(predictions, textTask);
        if (!goldData.skippedLines().isEmpty()) {
          cl.getErr()
              .println(
                  "skipped "
                      + goldData.skippedLines().size()
                      + " malformed row(s) of "
                      + gold
                      + " as the reference reader does");
        }
        return print(cl, GlueScorer.score(textTask, goldData, predicted));
      } catch (IOException | ScoringException e) {
        return fail(cl, e);
      }
    }
  }

  /**
   * {@code tmr score squad --gold DEV.json --predictions PRED.json [--version 1.1|2.0] [--na-probs
   * P.json]}.
   */
  @Command(
      name = "squad",
      description = {
        "Score SQuAD predictions ({\"qid\": \"answer\"}, \"\" = no answer) as evaluate-v1.1.py or "
            + "evaluate-v2.0.py does.",
        "Keys: exact_match, f1 (1.1); exact, f1, total, HasAns_*, NoAns_*, best_* with --na-probs (2.0)."
      })
  public static final class Squad implements Callable<Integer> {

    @Spec private CommandSpec spec;

    // No standard -V/--version option here: --version is the SQuAD version, as the official
    // scripts' users expect.
    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help message and exit.")
    private boolean help;

    @Option(
        names = "--gold",
        required = true,
        paramLabel = "DEV.json",
        description = "SQuAD dataset JSON.")
    private Path gold;

    @Option(
        names = "--predictions",
        required = true,
        paramLabel = "PRED.json",
        description = "JSON object: question id -> answer text.")
    private Path predictions;

    @Option(
        names = "--version",
        defaultValue = "1.1",
        paramLabel = "1.1|2.0",
        description = "Official script to follow. Default: ${DEFAULT-VALUE}.")
    private String version;

    @Option(
        names = "--na-probs",
        paramLabel = "P.json",
        description = "2.0 only: JSON object question id -> probability of no answer.")
    private Path naProbs;

    @Option(
        names = "--na-prob-thresh",
        defaultValue = "1.0",
        paramLabel = "T",
        description =
            "2.0 only: predict no answer when the probability exceeds T. Default: ${DEFAULT-VALUE}.")
    private double threshold;

    @Override
    public Integer call() throws JsonProcessingException {
      CommandLine cl = spec.commandLine();
      QaScoring scoring;
      try {
        scoring = QaScoring.forVersion(version);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cl, "--version: " + e.getMessage());
      }
      if (Double.isNaN(threshold)) {
        throw new ParameterException(cl, "--na-prob-thresh must be a number");
      }
      boolean thresholdGiven = cl.getParseResult().hasMatchedOption("--na-prob-thresh");
      if (scoring == QaScoring.SQUAD_V1_1 && (naProbs != null || thresholdGiven)) {
        throw new ParameterException(cl, "--na-probs and --na-prob-thresh need --version 2.0");
      }
      try {
        QaDataset goldData = SquadDatasetFile.read(gold, scoring);
        Map<String, String> predicted = SquadPredictionsFile.readPredictions(predictions);
        if (scoring == QaScoring.SQUAD_V1_1) {
          if (!"1.1".equals(goldData.version())) {
            // The v1.1 script warns and scores anyway.
            cl.getErr()
                .println("Evaluation expects v-1.1, but got dataset with v-" + goldData.version());
          }
          return print(cl, SquadV1Scorer.score(goldData, predicted));
        }
        Map<String, Double> probabilities =
            naProbs == null ? null : SquadPredictionsFile.readNoAnswerProbabilities(naProbs);
        return print(cl, SquadV2Scorer.score(goldData, predicted, probabilities, threshold));
      } catch (IOException | ScoringException e) {
        return fail(cl, e);
      }
    }
  }
}
