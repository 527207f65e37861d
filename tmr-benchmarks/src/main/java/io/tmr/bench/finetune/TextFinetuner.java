package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.bench.glue.TsvTask;
import io.tmr.bench.task.Label;
import io.tmr.bench.task.RegressionTarget;
import io.tmr.bench.task.TaskKind;
import io.tmr.bench.task.TextExample;
import io.tmr.bench.task.TextTask;
import io.tmr.core.nn.Context;
import io.tmr.core.nn.EncoderModel;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.nn.SoftmaxCrossEntropy;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.text.Encoding;
import io.tmr.core.text.Truncation;
import io.tmr.core.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Fine-tunes an encoder with a {@link ClassificationHead} on a classification or regression {@link
 * TextTask} and predicts labels for an evaluation set: one trial of one seed.
 *
 * <p>Sequences are {@code [CLS] A [SEP] (B [SEP])} cut longest-first to the recipe's length. Each
 * epoch visits the training examples in a fresh seeded permutation; batches are padded to their
 * longest sequence. Classification minimises softmax cross-entropy; regression (STS-B) the squared
 * error of targets rescaled to [0, 1] as ELECTRA does ({@code (y − min) / (max − min)}),
 * predictions mapped back to the task's scale (not clipped). Predictions are keyed by the
 * leaderboard index.
 */
public final class TextFinetuner {
  /** Name of the head's parameters ({@code classifier.weight}, {@code classifier.bias}). */
  public static final String HEAD_NAME = "classifier";

  /**
   * A trial's predictions on the evaluation set, on the unlabeled test set (empty when none was
   * given) and its training figures.
   */
  public record Trial(
      Map<Integer, Label> predictions, Map<Integer, Label> testPredictions, TrainingStats stats) {}

  private final TextTask task;
  private final EncoderSource source;
  private final FinetuneRecipe recipe;
  private final WordPieceTokenizer tokenizer;

  public TextFinetuner(TextTask task, EncoderSource source, FinetuneRecipe recipe) {
    checkArgument(
        task.kind() == TaskKind.CLASSIFICATION || task.kind() == TaskKind.REGRESSION,
        "%s is not a classification or regression task",
        task.name());
    checkArgument(
        recipe.maxLength() <= source.embeddingConfig().maxPositions(),
        "max length %s exceeds the model's %s positions",
        recipe.maxLength(),
        source.embeddingConfig().maxPositions());
    this.task = task;
    this.source = source;
    this.recipe = recipe;
    this.tokenizer = new WordPieceTokenizer(source.vocabulary());
  }

  /**
   * The training set the recipe asks for, from a split read with {@code ReadOptions.defaults()}:
   * the first {@code maxTrainExamples} in file order (all when 0), then — for unordered pair tasks,
   * when the recipe doubles them — a swapped copy of each appended after all originals, exactly as
   * {@code ReadOptions.electraTraining()} reads the whole file.
   */
  public static List<TextExample> trainingExamples(
      TextTask task, List<TextExample> fileOrder, FinetuneRecipe recipe) {
    checkArgument(
        fileOrder.stream().noneMatch(TextExample::swapped),
        "read the training file without doubling");
    List<TextExample> kept =
        recipe.maxTrainExamples() > 0 && recipe.maxTrainExamples() < fileOrder.size()
            ? fileOrder.subList(0, recipe.maxTrainExamples())
            : fileOrder;
    List<TextExample> out = new ArrayList<>(kept);
    if (recipe.doubleUnorderedPairs() && task.unorderedPair()) {
      for (TextExample e : kept) {
        out.add(e.withSentencesSwapped());
      }
    }
    return out;
  }

  /**
   * Trains a fresh encoder and head with {@code seed} on {@code train} and predicts {@code eval}.
   */
  public Trial run(List<TextExample> train, List<TextExample> eval, long seed) {
    return run(train, eval, List.of(), seed);
  }

  /**
   * Trains a fresh encoder and head with {@code seed} on {@code train}, predicts {@code eval}
   * (timed) and then {@code test} (a leaderboard test file, labels not needed; may be empty).
   */
  public Trial run(
      List<TextExample> train, List<TextExample> eval, List<TextExample> test, long seed) {
    checkArgument(!train.isEmpty() && !eval.isEmpty(), "empty training or evaluation set");
    boolean regression = task.kind() == TaskKind.REGRESSION;
    TargetScale scale = regression ? TargetScale.of(task, train) : null;
    EncoderModel encoder = source.newEncoder(Seeds.encoderInit(seed));
    int layers = encoder.config().layers();
    ClassificationHead head =
        new ClassificationHead(
            HEAD_NAME,
            encoder.config().hidden(),
            regression ? 1 : task.labels().size(),
            recipe.headDropout(),
            layers + 2,
            source.dataType(),
            Seeds.headInit(seed),
            encoder.config().initStd());
    List<Parameter> parameters = Parameters.of(encoder, head);
    Parameters.zeroGrads(parameters);

    List<Encoded> encoded = encode(train);
    long totalSteps = recipe.totalSteps(encoded.size());
    FinetuneOptimizer optimizer = new FinetuneOptimizer(parameters, recipe, layers, totalSteps);
    SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    MeanSquaredError squaredError = new MeanSquaredError();
    int padId = source.vocabulary().padId();
    FinetuneLoop.Training training =
        FinetuneLoop.train(
            task.name(),
            encoded,
            recipe,
            optimizer,
            totalSteps,
            seed,
            (rows, context) -> {
              TokenBatch batch =
                  TokenBatch.pad(
                      rows.stream().map(Encoded::ids).toList(),
                      rows.stream().map(Encoded::segments).toList(),
                      padId);
              Matrix hidden =
                  encoder.forward(batch.tokenIds(), batch.segmentIds(), batch.mask(), context);
              Matrix logits = head.forward(hidden, batch.mask(), context);
              double loss;
              Matrix dLogits;
              if (regression) {
                double[] targets =
                    rows.stream().mapToDouble(r -> scale.normalize(r.example().target())).toArray();
                loss = squaredError.forward(logits, targets);
                dLogits = squaredError.backward(1.0);
              } else {
                int[] labels = rows.stream().mapToInt(r -> r.example().classId()).toArray();
                loss = crossEntropy.forward(logits, labels);
                dLogits = crossEntropy.backward(1.0);
              }
              encoder.backward(head.backward(dLogits));
              return new FinetuneLoop.BatchResult(loss, batch.mask().realTokens());
            });

    long evalStarted = System.nanoTime();
    Map<Integer, Label> predictions = predict(encoder, head, eval, scale);
    double evalSeconds = (System.nanoTime() - evalStarted) / 1e9;
    Map<Integer, Label> testPredictions =
        test.isEmpty() ? Map.of() : predict(encoder, head, test, scale);
    return new Trial(
        predictions, testPredictions, training.withEvaluation(eval.size(), evalSeconds));
  }

  /**
   * Predictions for {@code examples} in inference mode, batched in order of length so that batches
   * hold sequences of similar length (less padding; the order does not change any prediction).
   */
  private Map<Integer, Label> predict(
      EncoderModel encoder,
      ClassificationHead head,
      List<TextExample> examples,
      TargetScale scale) {
    List<Encoded> encoded = encode(examples);
    int[] byLength =
        IntStream.range(0, encoded.size())
            .boxed()
            .sorted(Comparator.comparingInt(i -> encoded.get(i).ids().length))
            .mapToInt(Integer::intValue)
            .toArray();
    Label[] labels = new Label[encoded.size()];
    int padId = source.vocabulary().padId();
    for (int from = 0; from < byLength.length; from += recipe.evalBatchSize()) {
      int to = Math.min(byLength.length, from + recipe.evalBatchSize());
      int[] rows = Arrays.copyOfRange(byLength, from, to);
      TokenBatch batch =
          TokenBatch.pad(
              Arrays.stream(rows).mapToObj(i -> encoded.get(i).ids()).toList(),
              Arrays.stream(rows).mapToObj(i -> encoded.get(i).segments()).toList(),
              padId);
      Matrix hidden =
          encoder.forward(batch.tokenIds(), batch.segmentIds(), batch.mask(), Context.inference());
      Matrix logits = head.forward(hidden, batch.mask(), Context.inference());
      for (int r = 0; r < rows.length; r++) {
        labels[rows[r]] =
            scale != null
                ? new RegressionTarget(scale.denormalize(logits.get(r, 0)))
                : task.classLabel(argmax(logits, r));
      }
    }
    Map<Integer, Label> out = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i++) {
      Label previous = out.put(examples.get(i).index(), labels[i]);
      checkState(
          previous == null, "two evaluation examples share the index %s", examples.get(i).index());
    }
    return out;
  }

  /** The first highest logit of row r (ties go to the lower class id). */
  static int argmax(Matrix logits, int r) {
    int best = 0;
    for (int c = 1; c < logits.cols(); c++) {
      if (logits.get(r, c) > logits.get(r, best)) {
        best = c;
      }
    }
    return best;
  }

  private List<Encoded> encode(List<TextExample> examples) {
    List<Encoded> out = new ArrayList<>(examples.size());
    for (TextExample e : examples) {
      Encoding enc =
          tokenizer.encode(
              e.textA(), e.textB(), recipe.maxLength(), Truncation.LONGEST_FIRST, false);
      out.add(
          new Encoded(
              e,
              Arrays.copyOf(enc.ids(), enc.length()),
              Arrays.copyOf(enc.typeIds(), enc.length())));
    }
    return out;
  }

  /** A tokenized example. */
  private record Encoded(TextExample example, int[] ids, int[] segments) {}

  /**
   * The map between a regression task's scale and the head's [0, 1] target: the task's declared
   * range (STS-B: [0, 5]) or, for a task that declares none, the training targets' range.
   */
  record TargetScale(double min, double max) {
    TargetScale {
      checkArgument(max > min, "degenerate target range [%s, %s]", min, max);
    }

    static TargetScale of(TextTask task, List<TextExample> train) {
      if (task instanceof TsvTask tsv) {
        return new TargetScale(tsv.spec().minTarget(), tsv.spec().maxTarget());
      }
      double min = train.stream().mapToDouble(TextExample::target).min().orElseThrow();
      double max = train.stream().mapToDouble(TextExample::target).max().orElseThrow();
      return new TargetScale(min, max);
    }

    double normalize(double y) {
      return (y - min) / (max - min);
    }

    double denormalize(double p) {
      return min + p * (max - min);
    }
  }
}
