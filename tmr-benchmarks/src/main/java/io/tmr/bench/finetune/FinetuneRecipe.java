package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Fine-tuning hyper-parameters of one task, defaulting to ELECTRA's recipe (ELECTRA paper, Table 7,
 * and {@code configure_finetuning.py}): AdamW with β = (0.9, 0.999), ε = 1e-6, weight decay 0.01
 * (the released code's value; the paper's table says 0), no bias correction (ELECTRA's optimizer
 * has none), global-norm clipping at 1.0, learning rate 3e-4 (ELECTRA-Small) with layer-wise decay
 * 0.8, 10 % linear warm-up then linear decay to 0, batch 32, length 128, dropout 0.1 on the head
 * input, 10 epochs for RTE and STS-B, 2 for SQuAD, 3 for everything else, and MRPC/STS-B training
 * sets doubled with the sentences swapped.
 *
 * @param learningRate base rate, the head's; the top encoder layer gets rate × decay², the
 *     embeddings rate × decay^(layers + 2)
 * @param layerDecay layer-wise learning-rate decay (1 = none)
 * @param warmupFraction fraction of all updates spent warming up
 * @param epochs passes over the (possibly capped and doubled) training set
 * @param batchSize training examples per update
 * @param evalBatchSize examples per forward pass when predicting
 * @param maxLength tokens per sequence, [CLS] and [SEP]s included (pairs are cut longest-first)
 * @param weightDecay decoupled weight decay (not applied to biases and LayerNorm)
 * @param biasCorrection Adam bias correction (off in ELECTRA, on in PyTorch's AdamW)
 * @param clipNorm global gradient-norm clip
 * @param headDropout dropout on the head's input ([CLS] vector or every token for spans)
 * @param maxTrainExamples use only the first N training examples in file order (before doubling); 0
 *     = all. A CPU-budget cap, not part of ELECTRA's recipe
 * @param doubleUnorderedPairs append swapped copies of unordered pairs (MRPC, STS-B) to training
 */
public record FinetuneRecipe(
    double learningRate,
    double layerDecay,
    double warmupFraction,
    int epochs,
    int batchSize,
    int evalBatchSize,
    int maxLength,
    double weightDecay,
    boolean biasCorrection,
    double clipNorm,
    double headDropout,
    int maxTrainExamples,
    boolean doubleUnorderedPairs) {

  public FinetuneRecipe {
    checkArgument(learningRate > 0, "learning rate must be positive: %s", learningRate);
    checkArgument(layerDecay > 0 && layerDecay <= 1, "layer decay %s outside (0, 1]", layerDecay);
    checkArgument(
        warmupFraction >= 0 && warmupFraction < 1,
        "warm-up fraction %s outside [0, 1)",
        warmupFraction);
    checkArgument(epochs >= 1, "epochs must be at least 1: %s", epochs);
    checkArgument(batchSize >= 1 && evalBatchSize >= 1, "batch sizes must be positive");
    checkArgument(maxLength >= 8, "max length %s is too short", maxLength);
    checkArgument(
        weightDecay >= 0 && clipNorm > 0,
        "bad weight decay %s / clip norm %s",
        weightDecay,
        clipNorm);
    checkArgument(
        headDropout >= 0 && headDropout < 1, "head dropout %s outside [0, 1)", headDropout);
    checkArgument(maxTrainExamples >= 0, "max train examples must be >= 0: %s", maxTrainExamples);
  }

  /** ELECTRA-Small's fine-tuning learning rate. */
  public static final double ELECTRA_SMALL_LEARNING_RATE = 3e-4;

  /** ELECTRA's recipe for the named task (GLUE name or SQuAD; case and punctuation ignored). */
  public static FinetuneRecipe electra(String taskName) {
    boolean squad = isSquad(taskName);
    return new FinetuneRecipe(
        ELECTRA_SMALL_LEARNING_RATE,
        0.8,
        0.1,
        electraEpochs(taskName),
        32,
        128,
        squad ? 512 : 128,
        0.01,
        false,
        1.0,
        0.1,
        0,
        true);
  }

  /** ELECTRA's epochs: 10 for RTE and STS-B, 2 for SQuAD, 3 otherwise. */
  public static int electraEpochs(String taskName) {
    String key = key(taskName);
    if (key.equals("rte") || key.equals("stsb")) {
      return 10;
    }
    return isSquad(taskName) ? 2 : 3;
  }

  static boolean isSquad(String taskName) {
    return key(taskName).startsWith("squad");
  }

  private static String key(String taskName) {
    return taskName.toLowerCase(Locale.ROOT).replaceAll("[-_. ]", "");
  }

  public FinetuneRecipe withLearningRate(double value) {
    return new FinetuneRecipe(
        value,
        layerDecay,
        warmupFraction,
        epochs,
        batchSize,
        evalBatchSize,
        maxLength,
        weightDecay,
        biasCorrection,
        clipNorm,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withLayerDecay(double value) {
    return new FinetuneRecipe(
        learningRate,
        value,
        warmupFraction,
        epochs,
        batchSize,
        evalBatchSize,
        maxLength,
        weightDecay,
        biasCorrection,
        clipNorm,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withWarmupFraction(double value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        value,
        epochs,
        batchSize,
        evalBatchSize,
        maxLength,
        weightDecay,
        biasCorrection,
        clipNorm,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withEpochs(int value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        value,
        batchSize,
        evalBatchSize,
        maxLength,
        weightDecay,
        biasCorrection,
        clipNorm,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withBatchSize(int value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        epochs,
        value,
        evalBatchSize,
        maxLength,
        weightDecay,
        biasCorrection,
        clipNorm,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withEvalBatchSize(int value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        epochs,
        batchSize,
        value,
        maxLength,
        weightDecay,
        biasCorrection,
        clipNorm,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withMaxLength(int value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        epochs,
        batchSize,
        evalBatchSize,
        value,
        weightDecay,
        biasCorrection,
        clipNorm,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withWeightDecay(double value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        epochs,
        batchSize,
        evalBatchSize,
        maxLength,
        value,
        biasCorrection,
        clipNorm,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withBiasCorrection(boolean value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        epochs,
        batchSize,
        evalBatchSize,
        maxLength,
        weightDecay,
        value,
        clipNorm,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withClipNorm(double value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        epochs,
        batchSize,
        evalBatchSize,
        maxLength,
        weightDecay,
        biasCorrection,
        value,
        headDropout,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withHeadDropout(double value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        epochs,
        batchSize,
        evalBatchSize,
        maxLength,
        weightDecay,
        biasCorrection,
        clipNorm,
        value,
        maxTrainExamples,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withMaxTrainExamples(int value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        epochs,
        batchSize,
        evalBatchSize,
        maxLength,
        weightDecay,
        biasCorrection,
        clipNorm,
        headDropout,
        value,
        doubleUnorderedPairs);
  }

  public FinetuneRecipe withDoubleUnorderedPairs(boolean value) {
    return new FinetuneRecipe(
        learningRate,
        layerDecay,
        warmupFraction,
        epochs,
        batchSize,
        evalBatchSize,
        maxLength,
        weightDecay,
        biasCorrection,
        clipNorm,
        headDropout,
        maxTrainExamples,
        value);
  }

  /** Updates for {@code examples} training examples: {@code epochs × ceil(examples / batch)}. */
  public long totalSteps(int examples) {
    checkArgument(examples > 0, "no training examples");
    return (long) epochs * ((examples + batchSize - 1) / batchSize);
  }

  /** Warm-up updates out of {@code totalSteps}. */
  public long warmupSteps(long totalSteps) {
    return (long) Math.floor(warmupFraction * totalSteps);
  }

  /** The settings as an ordered map, for results.json and the manifest. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("learningRate", learningRate);
    m.put("layerDecay", layerDecay);
    m.put("warmupFraction", warmupFraction);
    m.put("epochs", epochs);
    m.put("batchSize", batchSize);
    m.put("evalBatchSize", evalBatchSize);
    m.put("maxLength", maxLength);
    m.put("weightDecay", weightDecay);
    m.put("biasCorrection", biasCorrection);
    m.put("clipNorm", clipNorm);
    m.put("headDropout", headDropout);
    m.put("maxTrainExamples", maxTrainExamples);
    m.put("doubleUnorderedPairs", doubleUnorderedPairs);
    return m;
  }
}
