package io.tmr.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tmr.bench.finetune.EncoderSource;
import io.tmr.bench.finetune.FinetuneJob;
import io.tmr.bench.finetune.FinetuneRecipe;
import io.tmr.bench.finetune.ResultsTable;
import io.tmr.bench.finetune.Seeds;
import io.tmr.bench.finetune.SpanSettings;
import io.tmr.bench.squad.SquadArticleSplit;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaTask;
import io.tmr.bench.task.Task;
import io.tmr.bench.task.TaskRegistry;
import io.tmr.bench.task.TextTask;
import io.tmr.core.env.EnvironmentReport;
import io.tmr.core.io.AtomicFiles;
import io.tmr.core.text.HfTokenizerFiles;
import io.tmr.core.text.Vocabularies;
import io.tmr.core.text.Vocabulary;
import io.tmr.models.artefact.ModelCheckpoint;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.electra.ElectraModel;
import io.tmr.models.electra.HfElectraFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tmr finetune}: ELECTRA fine-tuning on GLUE tasks and the SQuAD v1.1 by-article split, from
 * a pretraining run, an imported HuggingFace folder, or a random initialisation, over several
 * seeds; writes predictions, per-seed metrics, results.json and results.md per task, and a summary
 * table.
 */
@Command(
    name = "finetune",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tune on GLUE tasks and/or SQuAD with ELECTRA's recipe, several seeds; report median, mean, std,",
      "min and max of the official metrics. Per-task values: --epochs 3 or --epochs rte=10,stsb=3 (also",
      "--max-train-examples, --learning-rate). SQuAD = the v1.1 dev file split by article (last 10 articles evaluated)."
    })
final class FinetuneCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec CommandSpec spec;

  static final class ModelChoice {
    @Option(
        names = "--from",
        paramLabel = "RUN_DIR",
        description = "A pretraining run folder (its newest checkpoint).")
    Path runDir;

    @Option(
        names = "--from-hf",
        paramLabel = "DIR",
        description =
            "A HuggingFace ELECTRA folder: DIR/discriminator/{model.safetensors, config.json}.")
    Path hfDir;

    @Option(
        names = "--preset",
        paramLabel = "tiny|small",
        description = "A preset's shape (with --random-init).")
    String preset;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  ModelChoice model;

  @Option(
      names = "--random-init",
      description =
          "Re-initialise the weights randomly (per seed): the no-pretraining baseline of the same shape.")
  boolean randomInit;

  @Option(
      names = "--vocab",
      paramLabel = "SPEC",
      description =
          "Vocabulary (bert-base-uncased, a vocab.txt, or a name under ~/.cache/tmr/vocab). "
              + "Default: the run's; for --from-hf the folder's own (DIR/discriminator/vocab.txt, else DIR/vocab.txt); "
              + "for --preset tiny npm-8000, small bert-base-uncased.")
  String vocab;

  @Option(
      names = "--tasks",
      defaultValue = "sst2,mrpc,stsb,rte",
      split = ",",
      paramLabel = "T1,T2",
      description =
          "Tasks: GLUE names (sst2, mrpc, stsb, rte, cola, qnli, ...), squad (v1.1 by-article split), "
              + "squad2 (needs --squad-train/--squad-eval). Default: ${DEFAULT-VALUE}.")
  List<String> tasks;

  @Option(
      names = "--seeds",
      defaultValue = "1..3",
      paramLabel = "1..N",
      description = "Fine-tuning seeds: 1..5, 1,4,9 or 7. Default: ${DEFAULT-VALUE}.")
  String seeds;

  @Option(
      names = "--data",
      defaultValue = "../shared/data",
      paramLabel = "DIR",
      description =
          "Data root: DIR/glue/<TASK>/, DIR/squad/dev-v1.1.json. Default: ${DEFAULT-VALUE}.")
  Path data;

  @Option(
      names = "--squad-file",
      paramLabel = "FILE",
      description = "SQuAD v1.1 file split by article. Default: <data>/squad/dev-v1.1.json.")
  Path squadFile;

  @Option(
      names = "--squad-train",
      paramLabel = "FILE",
      description =
          "Explicit SQuAD training file (instead of the by-article split; needs --squad-eval).")
  Path squadTrain;

  @Option(
      names = "--squad-eval",
      paramLabel = "FILE",
      description = "Explicit SQuAD evaluation file.")
  Path squadEval;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Output folder (one sub-folder per task). Default: runs/finetune/<tasks>/<UTC time>.")
  Path out;

  @Option(
      names = "--epochs",
      paramLabel = "N|task=N,..",
      description = "Epochs. Default: ELECTRA's (RTE, STS-B 10; SQuAD 2; others 3).")
  String epochs;

  @Option(
      names = "--max-train-examples",
      paramLabel = "N|task=N,..",
      description =
          "Train on the first N examples of the file (SQuAD: questions) before doubling; 0 = all. Default: 0.")
  String maxTrainExamples;

  @Option(
      names = "--learning-rate",
      paramLabel = "LR|task=LR,..",
      description = "Base (head) learning rate. Default: 3e-4 (ELECTRA-Small).")
  String learningRate;

  @Option(
      names = "--layer-decay",
      defaultValue = "0.8",
      description = "Layer-wise learning-rate decay. Default: ${DEFAULT-VALUE}.")
  double layerDecay;

  @Option(
      names = "--warmup-fraction",
      defaultValue = "0.1",
      description = "Warm-up fraction of the updates. Default: ${DEFAULT-VALUE}.")
  double warmupFraction;

  @Option(
      names = "--batch-size",
      defaultValue = "32",
      description = "Training batch. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(
      names = "--eval-batch-size",
      defaultValue = "128",
      description = "Prediction batch. Default: ${DEFAULT-VALUE}.")
  int evalBatchSize;

  @Option(
      names = "--max-length",
      defaultValue = "128",
      description = "GLUE sequence length. Default: ${DEFAULT-VALUE}.")
  int maxLength;

  @Option(
      names = "--weight-decay",
      defaultValue = "0.01",
      description = "AdamW weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(
      names = "--bias-correction",
      description = "Adam bias correction (ELECTRA's optimizer has none).")
  boolean biasCorrection;

  @Option(
      names = "--clip-norm",
      defaultValue = "1.0",
      description = "Global gradient-norm clip. Default: ${DEFAULT-VALUE}.")
  double clipNorm;

  @Option(
      names = "--head-dropout",
      defaultValue = "0.1",
      description = "Dropout on the [CLS] vector. Default: ${DEFAULT-VALUE}.")
  double headDropout;

  @Option(
      names = "--no-double-pairs",
      description = "Do not double MRPC/STS-B training pairs with the order swapped.")
  boolean noDoublePairs;

  @Option(
      names = "--squad-max-length",
      defaultValue = "512",
      description = "SQuAD window length. Default: ${DEFAULT-VALUE}.")
  int squadMaxLength;

  @Option(
      names = "--doc-stride",
      defaultValue = "128",
      description = "SQuAD doc stride. Default: ${DEFAULT-VALUE}.")
  int docStride;

  @Option(
      names = "--max-query-length",
      defaultValue = "64",
      description = "SQuAD question tokens kept. Default: ${DEFAULT-VALUE}.")
  int maxQueryLength;

  @Option(
      names = "--max-answer-length",
      defaultValue = "30",
      description = "Longest answer in tokens. Default: ${DEFAULT-VALUE}.")
  int maxAnswerLength;

  @Option(
      names = "--n-best",
      defaultValue = "20",
      description = "Candidates per window and answers kept. Default: ${DEFAULT-VALUE}.")
  int nBest;

  @Option(
      names = "--no-answer-threshold",
      defaultValue = "0.0",
      description =
          "SQuAD 2.0: answer \"\" when null score - best span score exceeds it. Default: ${DEFAULT-VALUE}.")
  double noAnswerThreshold;

  @Option(names = "--float64", description = "Fine-tune in float64 (slow; for checks).")
  boolean float64;

  @Override
  public Integer call() throws Exception {
    List<Long> seedList;
    try {
      seedList = Seeds.parse(seeds);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--seeds: " + e.getMessage());
    }
    TaskRegistry registry = TaskRegistry.load();
    List<Task> selected = new ArrayList<>();
    for (String name : tasks) {
      try {
        selected.add(registry.get(alias(name)));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    PerTask<Integer> epochsPerTask;
    PerTask<Integer> capPerTask;
    PerTask<Double> ratePerTask;
    try {
      epochsPerTask = PerTask.parse("--epochs", epochs, Integer::parseInt);
      capPerTask = PerTask.parse("--max-train-examples", maxTrainExamples, Integer::parseInt);
      ratePerTask = PerTask.parse("--learning-rate", learningRate, Double::parseDouble);
      for (Task task : selected) {
        recipe(task, epochsPerTask, capPerTask, ratePerTask);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    EncoderSource source = loadSource();
    Path dir =
        out != null
            ? out
            : Path.of(
                "runs",
                "finetune",
                String.join("+", selected.stream().map(Task::name).toList()),
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC)
                    .format(Instant.now()));
    Files.createDirectories(dir);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("kind", "finetune");
    manifest.put("command", spec.commandLine().getParseResult().originalArgs());
    manifest.put("source", source.describe());
    manifest.put("seeds", seedList);
    manifest.put("tasks", selected.stream().map(Task::name).toList());
    manifest.put("status", "running");
    manifest.put("startedAt", Instant.now().toString());
    manifest.put("gitCommit", EnvironmentReport.gitCommit());
    manifest.put("environment", EnvironmentReport.forManifest());
    Map<String, Object> settings = new LinkedHashMap<>();
    manifest.put("settings", settings);
    writeManifest(dir, manifest);
    System.out.println(
        "fine-tuning "
            + source.summary()
            + " on "
            + manifest.get("tasks")
            + ", seeds "
            + seedList
            + " -> "
            + dir);

    List<FinetuneJob.Result> results = new ArrayList<>();
    try {
      for (Task task : selected) {
        FinetuneRecipe recipe = recipe(task, epochsPerTask, capPerTask, ratePerTask);
        settings.put(task.name(), recipe.asMap());
        Path taskDir = dir.resolve(task.name());
        FinetuneJob.Result result;
        if (task instanceof TextTask text) {
          result = FinetuneJob.glue(text, data.resolve("glue"), source, recipe, seedList, taskDir);
        } else {
          QaTask qa = (QaTask) task;
          SpanSettings span =
              new SpanSettings(
                  docStride, maxQueryLength, maxAnswerLength, nBest, noAnswerThreshold);
          QaDataset train;
          QaDataset eval;
          String evaluation;
          if (squadTrain != null || squadEval != null) {
            if (squadTrain == null || squadEval == null) {
              throw new ParameterException(
                  spec.commandLine(), "--squad-train and --squad-eval go together");
            }
            train = qa.read(squadTrain);
            eval = qa.read(squadEval);
            evaluation = squadEval.getFileName().toString();
          } else {
            if (!qa.name().equals("SQuAD-v1.1")) {
              throw new ParameterException(
                  spec.commandLine(),
                  qa.name()
                      + " needs --squad-train and --squad-eval "
                      + "(only the v1.1 dev file is split by article)");
            }
            Path file = squadFile != null ? squadFile : data.resolve("squad/dev-v1.1.json");
            SquadArticleSplit split = SquadArticleSplit.of(qa.read(file));
            train = split.train();
            eval = split.eval();
            evaluation = FinetuneJob.SQUAD_PROXY;
          }
          settings.put(task.name() + ".span", span.asMap());
          result =
              FinetuneJob.squad(
                  qa, train, eval, evaluation, source, recipe, span, seedList, taskDir);
        }
        results.add(result);
        System.out.println();
        System.out.print(Files.readString(taskDir.resolve("results.md")));
      }
    } catch (RuntimeException | IOException e) {
      manifest.put("status", "failed: " + e.getMessage());
      manifest.put("endedAt", Instant.now().toString());
      writeManifest(dir, manifest);
      throw e;
    }
    String summary = ResultsTable.summary(results, source);
    AtomicFiles.writeString(dir.resolve("summary.md"), summary);
    manifest.put("status", "completed");
    manifest.put("endedAt", Instant.now().toString());
    Map<String, Object> medians = new LinkedHashMap<>();
    for (FinetuneJob.Result r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      r.metrics().forEach((k, v) -> m.put(k, Double.isFinite(v.median()) ? v.median() : null));
      medians.put(r.task(), m);
    }
    manifest.put("medians", medians);
    writeManifest(dir, manifest);
    System.out.println();
    System.out.print(summary);
    System.out.println("\nresults in " + dir);
    return 0;
  }

  /** ELECTRA's recipe for the task with the command's overrides. */
  private FinetuneRecipe recipe(
      Task task,
      PerTask<Integer> epochsPerTask,
      PerTask<Integer> capPerTask,
      PerTask<Double> ratePerTask) {
    boolean squad = !(task instanceof TextTask);
    FinetuneRecipe r =
        FinetuneRecipe.electra(task.name())
            .withLayerDecay(layerDecay)
            .withWarmupFraction(warmupFraction)
            .withBatchSize(batchSize)
            .withEvalBatchSize(evalBatchSize)
            .withMaxLength(squad ? squadMaxLength : maxLength)
            .withWeightDecay(weightDecay)
            .withBiasCorrection(biasCorrection)
            .withClipNorm(clipNorm)
            .withHeadDropout(headDropout)
            .withDoubleUnorderedPairs(!noDoublePairs);
    Integer e = epochsPerTask.forTask(task);
    if (e != null) {
      r = r.withEpochs(e);
    }
    Integer cap = capPerTask.forTask(task);
    if (cap != null) {
      r = r.withMaxTrainExamples(cap);
    }
    Double lr = ratePerTask.forTask(task);
    if (lr != null) {
      r = r.withLearningRate(lr);
    }
    return r;
  }

  private EncoderSource loadSource() throws IOException {
    DataType dataType = float64 ? DataType.DOUBLE : DataType.FLOAT;
    EncoderSource source;
    if (model.runDir != null) {
      ModelCheckpoint.Loaded p = PretrainCommand.loadModel(model.runDir);
      if (float64 != (p.model().dataType() == DataType.DOUBLE)) {
        throw new ParameterException(
            spec.commandLine(), "--float64 must match the run's model.dataType");
      }
      Vocabulary v = vocab != null ? Vocabularies.resolve(vocab) : p.vocabulary();
      checkVocabularySize(
          v,
          vocab != null ? "--vocab " + vocab : "the run's vocabulary",
          p.model().config(),
          model.runDir.toString());
      source =
          EncoderSource.pretrained(
              "pretrained-run", model.runDir.toAbsolutePath().toString(), p.model(), v);
    } else if (model.hfDir != null) {
      // The shape first: a vocabulary that does not fit is refused before any weight is read.
      ElectraConfig shape = HfElectraFormat.config(model.hfDir);
      Vocabulary v = hfVocabulary(model.hfDir, shape);
      ElectraModel m = HfElectraFormat.load(model.hfDir, dataType, 0);
      source =
          EncoderSource.pretrained("huggingface", model.hfDir.toAbsolutePath().toString(), m, v);
    } else {
      if (!randomInit) {
        throw new ParameterException(
            spec.commandLine(),
            "--preset gives only a shape: add --random-init (or use --from / --from-hf)");
      }
      String name = model.preset.toLowerCase(Locale.ROOT);
      String defaultVocab =
          switch (name) {
            case "tiny" -> "npm-8000";
            case "small" -> Vocabularies.BERT_BASE_UNCASED;
            default ->
                throw new ParameterException(spec.commandLine(), "--preset must be tiny or small");
          };
      return EncoderSource.randomInit(
          name, Vocabularies.resolve(vocab != null ? vocab : defaultVocab), dataType);
    }
    return randomInit ? source.withRandomInit() : source;
  }

  /**
   * The vocabulary of a HuggingFace folder: {@code --vocab} when given, else the folder's own
   * tokenizer files ({@code DIR/discriminator/vocab.txt} where {@code from_pretrained} looks, else
   * {@code DIR/vocab.txt}, checked against their {@code tokenizer_config.json}); its size must be
   * the model's.
   */
  private Vocabulary hfVocabulary(Path dir, ElectraConfig shape) throws IOException {
    Vocabulary v;
    String from;
    if (vocab != null) {
      v = Vocabularies.resolve(vocab);
      from = "--vocab " + vocab;
    } else {
      Path tokenizerDir = null;
      for (Path candidate : List.of(dir.resolve(HfElectraFormat.DISCRIMINATOR), dir)) {
        if (HfTokenizerFiles.present(candidate)) {
          tokenizerDir = candidate;
          break;
        }
      }
      if (tokenizerDir == null) {
        throw new ParameterException(
            spec.commandLine(),
            dir + " has no vocab.txt (nor discriminator/vocab.txt): give --vocab");
      }
      v = HfTokenizerFiles.read(tokenizerDir);
      from = tokenizerDir.resolve(HfTokenizerFiles.VOCAB).toString();
    }
    checkVocabularySize(
        v,
        from,
        shape,
        dir.resolve(HfElectraFormat.DISCRIMINATOR).resolve("config.json").toString());
    return v;
  }

  /** A vocabulary of another size than the model's embeddings is refused in one line. */
  static void checkVocabularySize(Vocabulary v, String from, ElectraConfig shape, String model) {
    if (v.size() != shape.vocabSize()) {
      throw new IllegalArgumentException(
          from
              + " has "
              + v.size()
              + " tokens, but the model ("
              + model
              + ") has vocab_size "
              + shape.vocabSize()
              + ": the vocabulary does not belong to this model");
    }
  }

  /** Short names for the SQuAD tasks. */
  static String alias(String name) {
    return switch (name.toLowerCase(Locale.ROOT).strip()) {
      case "squad", "squad1", "squad11" -> "SQuAD-v1.1";
      case "squad2", "squad20" -> "SQuAD-v2.0";
      default -> name.strip();
    };
  }

  private static void writeManifest(Path dir, Map<String, Object> manifest) throws IOException {
    AtomicFiles.writeString(dir.resolve("manifest.json"), JSON.writeValueAsString(manifest) + "\n");
  }

  /** An option given once for all tasks ({@code 3}) or per task ({@code rte=10,stsb=3}). */
  record PerTask<T>(T all, Map<String, T> byTask) {
    static <T> PerTask<T> parse(String option, String text, Function<String, T> parser) {
      if (text == null || text.isBlank()) {
        return new PerTask<>(null, Map.of());
      }
      try {
        if (!text.contains("=")) {
          return new PerTask<>(parser.apply(text.strip()), Map.of());
        }
        Map<String, T> map = new LinkedHashMap<>();
        TaskRegistry registry = TaskRegistry.load();
        for (String part : text.split(",")) {
          int eq = part.indexOf('=');
          if (eq < 0) {
            throw new IllegalArgumentException("expected task=value, got '" + part + "'");
          }
          String task = registry.get(alias(part.substring(0, eq))).name();
          map.put(task, parser.apply(part.substring(eq + 1).strip()));
        }
        return new PerTask<>(null, map);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
      }
    }

    T forTask(Task task) {
      return byTask.containsKey(task.name()) ? byTask.get(task.name()) : all;
    }
  }
}
