package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.bench.task.QaExample;
import io.tmr.core.nn.Context;
import io.tmr.core.nn.EncoderModel;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fine-tunes an encoder with a {@link SpanHead} on extractive QA (SQuAD) and answers an evaluation
 * set: one trial of one seed. Training visits the windows ({@link SpanFeatures}) of the first
 * {@code maxTrainExamples} questions (all when 0) in a fresh seeded permutation per epoch,
 * minimising {@link SpanLoss}; answers come from {@link SpanDecoder}.
 */
public final class SpanFinetuner {
  private static final Logger log = LoggerFactory.getLogger(SpanFinetuner.class);

  /** Name of the head's parameters ({@code qa_outputs.*}, as HuggingFace names them). */
  public static final String HEAD_NAME = "qa_outputs";

  /**
   * A trial's output.
   *
   * @param predictions question id → answer text, in evaluation-set order
   * @param nullOdds SQuAD 2.0: question id → null score − best span score; empty for v1.1
   * @param nBest question id → ranked candidate answers
   */
  public record Trial(
      Map<String, String> predictions,
      Map<String, Double> nullOdds,
      Map<String, List<SpanDecoder.Candidate>> nBest,
      TrainingStats stats) {}

  private final EncoderSource source;
  private final FinetuneRecipe recipe;
  private final SpanSettings settings;
  private final boolean allowNoAnswer;
  private final WordPieceTokenizer tokenizer;

  /**
   * @param allowNoAnswer SQuAD 2.0 decoding (null score, threshold); false for v1.1
   */
  public SpanFinetuner(
      EncoderSource source, FinetuneRecipe recipe, SpanSettings settings, boolean allowNoAnswer) {
    checkArgument(
        recipe.maxLength() <= source.embeddingConfig().maxPositions(),
        "max length %s exceeds the model's %s positions",
        recipe.maxLength(),
        source.embeddingConfig().maxPositions());
    this.source = source;
    this.recipe = recipe;
    this.settings = settings;
    this.allowNoAnswer = allowNoAnswer;
    this.tokenizer = new WordPieceTokenizer(source.vocabulary());
  }

  /**
   * The training questions the recipe asks for: the first {@code maxTrainExamples} (all when 0).
   */
  public static List<QaExample> trainingExamples(List<QaExample> fileOrder, FinetuneRecipe recipe) {
    return recipe.maxTrainExamples() > 0 && recipe.maxTrainExamples() < fileOrder.size()
        ? fileOrder.subList(0, recipe.maxTrainExamples())
        : fileOrder;
  }

  /**
   * Trains a fresh encoder and head with {@code seed} on {@code train} and answers {@code eval}.
   */
  public Trial run(List<QaExample> train, List<QaExample> eval, long seed) {
    checkArgument(!train.isEmpty() && !eval.isEmpty(), "empty training or evaluation set");
    EncoderModel encoder = source.newEncoder(Seeds.encoderInit(seed));
    int layers = encoder.config().layers();
    SpanHead head =
        new SpanHead(
            HEAD_NAME,
            encoder.config().hidden(),
            layers + 2,
            source.dataType(),
            Seeds.headInit(seed),
            encoder.config().initStd());
    List<Parameter> parameters = Parameters.of(encoder, head);
    Parameters.zeroGrads(parameters);

    List<SpanFeatures.Window> windows =
        SpanFeatures.build(train, tokenizer, recipe.maxLength(), settings);
    long totalSteps = recipe.totalSteps(windows.size());
    log.info(
        "SQuAD seed {}: {} training questions -> {} windows, {} updates",
        seed,
        train.size(),
        windows.size(),
        totalSteps);
    FinetuneOptimizer optimizer = new FinetuneOptimizer(parameters, recipe, layers, totalSteps);
    SpanLoss spanLoss = new SpanLoss();
    int padId = source.vocabulary().padId();
    FinetuneLoop.Training training =
        FinetuneLoop.train(
            "SQuAD",
            windows,
            recipe,
            optimizer,
            totalSteps,
            seed,
            (rows, context) -> {
              TokenBatch batch = pad(rows, padId);
              Matrix hidden =
                  encoder.forward(batch.tokenIds(), batch.segmentIds(), batch.mask(), context);
              Matrix logits = head.forward(hidden);
              double loss =
                  spanLoss.forward(
                      logits,
                      batch.mask(),
                      rows.stream().mapToInt(SpanFeatures.Window::startPosition).toArray(),
                      rows.stream().mapToInt(SpanFeatures.Window::endPosition).toArray());
              encoder.backward(head.backward(spanLoss.backward(1.0, source.dataType())));
              return new FinetuneLoop.BatchResult(loss, batch.mask().realTokens());
            });

    long evalStarted = System.nanoTime();
    List<SpanFeatures.Window> evalWindows =
        SpanFeatures.build(eval, tokenizer, recipe.maxLength(), settings);
    List<SpanDecoder.WindowLogits> logits = predictLogits(encoder, head, evalWindows);
    Map<String, String> predictions = new LinkedHashMap<>();
    Map<String, Double> nullOdds = new LinkedHashMap<>();
    Map<String, List<SpanDecoder.Candidate>> nBest = new LinkedHashMap<>();
    int w = 0;
    for (int e = 0; e < eval.size(); e++) {
      List<SpanDecoder.WindowLogits> own = new ArrayList<>();
      while (w < logits.size() && logits.get(w).window().example() == e) {
        own.add(logits.get(w++));
      }
      QaExample example = eval.get(e);
      SpanDecoder.Answer answer = SpanDecoder.decode(example, own, settings, allowNoAnswer);
      checkState(
          predictions.put(example.id(), answer.text()) == null,
          "question id %s repeats",
          example.id());
      if (allowNoAnswer) {
        nullOdds.put(example.id(), answer.nullScoreDiff());
      }
      nBest.put(example.id(), answer.nBest());
    }
    double evalSeconds = (System.nanoTime() - evalStarted) / 1e9;
    return new Trial(
        predictions, nullOdds, nBest, training.withEvaluation(evalWindows.size(), evalSeconds));
  }

  /** Start and end logits of every window, inference mode, batched by length; in window order. */
  private List<SpanDecoder.WindowLogits> predictLogits(
      EncoderModel encoder, SpanHead head, List<SpanFeatures.Window> windows) {
    int[] byLength =
        IntStream.range(0, windows.size())
            .boxed()
            .sorted(Comparator.comparingInt(i -> windows.get(i).length()))
            .mapToInt(Integer::intValue)
            .toArray();
    SpanDecoder.WindowLogits[] out = new SpanDecoder.WindowLogits[windows.size()];
    int padId = source.vocabulary().padId();
    for (int from = 0; from < byLength.length; from += recipe.evalBatchSize()) {
      int[] rows =
          Arrays.copyOfRange(
              byLength, from, Math.min(byLength.length, from + recipe.evalBatchSize()));
      List<SpanFeatures.Window> batchWindows = Arrays.stream(rows).mapToObj(windows::get).toList();
      TokenBatch batch = pad(batchWindows, padId);
      Matrix hidden =
          encoder.forward(batch.tokenIds(), batch.segmentIds(), batch.mask(), Context.inference());
      Matrix logits = head.forward(hidden);
      int seq = batch.seqLen();
      for (int r = 0; r < rows.length; r++) {
        SpanFeatures.Window window = batchWindows.get(r);
        float[] start = new float[window.length()];
        float[] end = new float[window.length()];
        for (int p = 0; p < window.length(); p++) {
          start[p] = (float) logits.get(r * seq + p, SpanHead.START);
          end[p] = (float) logits.get(r * seq + p, SpanHead.END);
        }
        out[rows[r]] = new SpanDecoder.WindowLogits(window, start, end);
      }
    }
    return Arrays.asList(out);
  }

  private static TokenBatch pad(List<SpanFeatures.Window> rows, int padId) {
    return TokenBatch.pad(
        rows.stream().map(SpanFeatures.Window::ids).toList(),
        rows.stream().map(SpanFeatures.Window::segments).toList(),
        padId);
  }
}
