package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.nn.Context;
import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop every fine-tuner shares: {@code epochs} passes over the training items, each in
 * a fresh seeded permutation cut into batches of the recipe's size; one forward/backward ({@link
 * BatchStep}) and one {@link FinetuneOptimizer} update per batch. It stops on a non-finite loss
 * (naming the task, seed and update) and returns the trial's training figures; the caller adds the
 * evaluation figures.
 */
final class FinetuneLoop {
  private static final Logger log = LoggerFactory.getLogger(FinetuneLoop.class);

  /** What one batch contributed: its mean loss and its real (non-padding) tokens. */
  record BatchResult(double loss, long realTokens) {}

  /**
   * Forward pass, loss and backward pass of one batch (gradients accumulated into the parameters,
   * not applied).
   */
  @FunctionalInterface
  interface BatchStep<T> {
    BatchResult run(List<T> rows, Context training);
  }

  /** Training figures of a finished loop, before evaluation. */
  record Training(
      long steps,
      long sequences,
      long tokens,
      double seconds,
      double optimizerSeconds,
      double flops,
      long parameters,
      List<Double> epochLosses,
      Map<String, Double> profileSeconds) {

    TrainingStats withEvaluation(int evalSequences, double evalSeconds) {
      return new TrainingStats(
          steps,
          sequences,
          tokens,
          seconds,
          optimizerSeconds,
          flops,
          parameters,
          epochLosses,
          evalSequences,
          evalSeconds,
          profileSeconds);
    }
  }

  private FinetuneLoop() {}

  /**
   * Trains on {@code items} for the recipe's epochs.
   *
   * @param label the task's name in log lines and errors
   * @param totalSteps the updates the optimizer's schedule was built for; checked at the end
   */
  static <T> Training train(
      String label,
      List<T> items,
      FinetuneRecipe recipe,
      FinetuneOptimizer optimizer,
      long totalSteps,
      long seed,
      BatchStep<T> step) {
    checkArgument(!items.isEmpty(), "%s: no training items", label);
    RandomStream order = Seeds.dataOrder(seed);
    Context training = Context.training(Seeds.dropout(seed));
    List<Double> epochLosses = new ArrayList<>();
    long sequences = 0;
    long tokens = 0;
    long optimizerNanos = 0;
    long flopsBefore = Blas.flops();
    if (Profiler.ENABLED) {
      Profiler.reset(); // the sections of this training loop only (-Dtmr.profile)
    }
    long started = System.nanoTime();
    for (int epoch = 0; epoch < recipe.epochs(); epoch++) {
      int[] permutation = Seeds.permutation(items.size(), order);
      double lossSum = 0;
      int batches = 0;
      for (int from = 0; from < permutation.length; from += recipe.batchSize()) {
        int to = Math.min(permutation.length, from + recipe.batchSize());
        List<T> rows = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          rows.add(items.get(permutation[i]));
        }
        BatchResult result = step.run(rows, training);
        if (!Double.isFinite(result.loss())) {
          throw new IllegalStateException(
              label
                  + " seed "
                  + seed
                  + ": training loss became "
                  + result.loss()
                  + " at update "
                  + optimizer.steps()
                  + "; lower the learning rate");
        }
        long stepStarted = System.nanoTime();
        long profiled = Profiler.start();
        optimizer.step();
        Profiler.end("update (clipping, AdamW, zeroing)", profiled);
        optimizerNanos += System.nanoTime() - stepStarted;
        lossSum += result.loss();
        batches++;
        sequences += rows.size();
        tokens += result.realTokens();
      }
      epochLosses.add(lossSum / batches);
      log.info(
          "{} seed {}: epoch {}/{} mean loss {} ({} updates)",
          label,
          seed,
          epoch + 1,
          recipe.epochs(),
          String.format(Locale.ROOT, "%.4f", lossSum / batches),
          optimizer.steps());
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long flops = Blas.flops() - flopsBefore;
    Map<String, Double> profile = Profiler.ENABLED ? Profiler.seconds() : Map.of();
    checkState(
        optimizer.steps() == totalSteps,
        "ran %s updates, planned %s",
        optimizer.steps(),
        totalSteps);
    return new Training(
        totalSteps,
        sequences,
        tokens,
        seconds,
        optimizerNanos / 1e9,
        flops,
        optimizer.parameterCount(),
        epochLosses,
        profile);
  }
}
