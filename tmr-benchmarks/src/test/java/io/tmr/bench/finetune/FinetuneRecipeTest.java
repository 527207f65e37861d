package io.tmr.bench.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ELECTRA's fine-tuning defaults and the step arithmetic. */
class FinetuneRecipeTest {

  @Test
  void electraEpochsPerTask() {
    assertEquals(10, FinetuneRecipe.electra("RTE").epochs());
    assertEquals(10, FinetuneRecipe.electra("STS-B").epochs());
    assertEquals(10, FinetuneRecipe.electra("sts_b").epochs());
    assertEquals(2, FinetuneRecipe.electra("SQuAD-v1.1").epochs());
    assertEquals(2, FinetuneRecipe.electra("SQuAD-v2.0").epochs());
    assertEquals(3, FinetuneRecipe.electra("SST-2").epochs());
    assertEquals(3, FinetuneRecipe.electra("MRPC").epochs());
    assertEquals(3, FinetuneRecipe.electra("MNLI-m").epochs());
  }

  @Test
  void electraSmallHyperParameters() {
    FinetuneRecipe r = FinetuneRecipe.electra("MRPC");
    assertEquals(3e-4, r.learningRate());
    assertEquals(0.8, r.layerDecay());
    assertEquals(0.1, r.warmupFraction());
    assertEquals(32, r.batchSize());
    assertEquals(128, r.maxLength());
    assertEquals(512, FinetuneRecipe.electra("SQuAD-v1.1").maxLength());
    assertEquals(0.01, r.weightDecay());
    assertFalse(r.biasCorrection());
    assertEquals(1.0, r.clipNorm());
    assertEquals(0.1, r.headDropout());
    assertTrue(r.doubleUnorderedPairs());
    assertEquals(0, r.maxTrainExamples());
  }

  @Test
  void stepsAndWarmup() {
    FinetuneRecipe r = FinetuneRecipe.electra("RTE");
    // RTE: 2,490 examples, batch 32 -> 78 batches (the last of 26) x 10 epochs.
    assertEquals(780, r.totalSteps(2490));
    assertEquals(78, r.warmupSteps(780));
    assertEquals(3, r.withEpochs(3).withBatchSize(10).totalSteps(30) / 3);
    assertThrows(IllegalArgumentException.class, () -> r.totalSteps(0));
  }

  @Test
  void withersChangeOneField() {
    FinetuneRecipe r = FinetuneRecipe.electra("SST-2");
    FinetuneRecipe changed =
        r.withLearningRate(1e-3).withMaxTrainExamples(500).withBiasCorrection(true);
    assertEquals(1e-3, changed.learningRate());
    assertEquals(500, changed.maxTrainExamples());
    assertTrue(changed.biasCorrection());
    assertEquals(r.epochs(), changed.epochs());
    assertEquals(
        r.withLearningRate(1e-3).withMaxTrainExamples(500).withBiasCorrection(true), changed);
    assertEquals(13, r.asMap().size());
  }

  @Test
  void invalidValuesAreRejected() {
    FinetuneRecipe r = FinetuneRecipe.electra("SST-2");
    assertThrows(IllegalArgumentException.class, () -> r.withLearningRate(0));
    assertThrows(IllegalArgumentException.class, () -> r.withLayerDecay(1.5));
    assertThrows(IllegalArgumentException.class, () -> r.withWarmupFraction(1));
    assertThrows(IllegalArgumentException.class, () -> r.withEpochs(0));
    assertThrows(IllegalArgumentException.class, () -> r.withMaxLength(4));
    assertThrows(IllegalArgumentException.class, () -> r.withMaxTrainExamples(-1));
  }
}
