package io.tmr.bench.finetune;

import static io.tmr.bench.task.SharedData.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.glue.MrpcTask;
import io.tmr.bench.glue.RteTask;
import io.tmr.bench.glue.Sst2Task;
import io.tmr.bench.glue.StsbTask;
import io.tmr.bench.score.GlueScorer;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.RegressionTarget;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextExample;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** Training a [CLS] head end to end on toy tasks in the GLUE layouts; the training-set recipe. */
class TextFinetunerTest {
  @TempDir static Path root;

  private static final EncoderSource ENCODER =
      TinyModels.randomEncoder(ToyGlue.VOCAB, 16, 1, DataType.FLOAT, 0.02);
  private static final FinetuneRecipe FAST =
      FinetuneRecipe.electra("RTE")
          .withLearningRate(3e-3)
          .withEpochs(6)
          .withBatchSize(16)
          .withMaxLength(32)
          .withEvalBatchSize(64);

  @BeforeAll
  static void writeData() throws Exception {
    ToyGlue.write(root, 320, 100, 5);
  }

  private static TextDataset read(io.tmr.bench.task.TextTask task, Split split) throws Exception {
    return task.read(task.file(root, split), split, ReadOptions.defaults());
  }

  @Test
  void classificationLearnsTheToyRuleAndIsDeterministic() throws Exception {
    RteTask rte = new RteTask();
    List<TextExample> train = read(rte, Split.TRAIN).examples();
    TextDataset dev = read(rte, Split.DEV);
    TextFinetuner finetuner = new TextFinetuner(rte, ENCODER, FAST);
    TextFinetuner.Trial a = finetuner.run(train, dev.examples(), 1);
    double accuracy = GlueScorer.score(rte, dev, a.predictions()).get("accuracy");
    assertTrue(accuracy >= 90, "toy RTE accuracy " + accuracy);
    List<Double> losses = a.stats().epochLosses();
    assertEquals(6, losses.size());
    assertTrue(losses.get(5) < 0.5 * losses.get(0), "loss falls: " + losses);
    assertEquals(6L * 20, a.stats().steps(), "320 examples / 16 per batch x 6 epochs");
    assertEquals(6L * 320, a.stats().trainSequences());
    assertEquals(100, a.stats().evalSequences());
    assertTrue(a.stats().trainSequencesPerSecond() > 0 && a.stats().evalSeconds() > 0);

    TextFinetuner.Trial again = finetuner.run(train, dev.examples(), 1);
    assertEquals(a.predictions(), again.predictions(), "same seed, same predictions");
    assertEquals(a.stats().epochLosses(), again.stats().epochLosses(), "same seed, same losses");
    TextFinetuner.Trial other = finetuner.run(train, dev.examples(), 2);
    assertNotEquals(
        a.stats().epochLosses(), other.stats().epochLosses(), "another seed, another trial");
  }

  @Test
  void regressionPredictsOnTheTasksScaleAndCorrelates() throws Exception {
    StsbTask stsb = new StsbTask();
    TextDataset dev = read(stsb, Split.DEV);
    List<TextExample> train =
        TextFinetuner.trainingExamples(stsb, read(stsb, Split.TRAIN).examples(), FAST);
    assertEquals(640, train.size(), "STS-B pairs are doubled");
    TextFinetuner.Trial t =
        new TextFinetuner(stsb, ENCODER, FAST.withEpochs(4)).run(train, dev.examples(), 3);
    double pearson = GlueScorer.score(stsb, dev, t.predictions()).get("pearson");
    assertTrue(pearson > 0.8 * 100, "toy STS-B Pearson " + pearson);
    // Predictions are on the 0-5 scale of the gold scores (targets were 1 +- 0.5 and 4 +- 0.5).
    double mean =
        t.predictions().values().stream()
            .mapToDouble(l -> ((RegressionTarget) l).value())
            .average()
            .orElseThrow();
    assertTrue(mean > 1.5 && mean < 3.5, "mean prediction " + mean);
  }

  @Test
  void cappingKeepsTheFileOrderPrefixAndDoublingMatchesTheReader() throws Exception {
    StsbTask stsb = new StsbTask();
    List<TextExample> file = read(stsb, Split.TRAIN).examples();
    List<TextExample> capped =
        TextFinetuner.trainingExamples(stsb, file, FAST.withMaxTrainExamples(10));
    assertEquals(20, capped.size());
    assertEquals(file.subList(0, 10), capped.subList(0, 10));
    for (int i = 0; i < 10; i++) {
      assertEquals(file.get(i).withSentencesSwapped(), capped.get(10 + i));
    }
    List<TextExample> plain =
        TextFinetuner.trainingExamples(stsb, file, FAST.withDoubleUnorderedPairs(false));
    assertEquals(file, plain);
    RteTask rte = new RteTask();
    assertEquals(
        320,
        TextFinetuner.trainingExamples(rte, read(rte, Split.TRAIN).examples(), FAST).size(),
        "RTE pairs are ordered: never doubled");
  }

  @Test
  void doublingTheRealMrpcFileEqualsTheReadersElectraOption() throws Exception {
    MrpcTask mrpc = new MrpcTask();
    Path file = require("glue/MRPC/train.tsv");
    List<TextExample> ours =
        TextFinetuner.trainingExamples(
            mrpc,
            mrpc.read(file, Split.TRAIN, ReadOptions.defaults()).examples(),
            FinetuneRecipe.electra("MRPC"));
    assertEquals(mrpc.read(file, Split.TRAIN, ReadOptions.electraTraining()).examples(), ours);
    assertEquals(7336, ours.size());
    Sst2Task sst2 = new Sst2Task();
    assertEquals(
        5000,
        TextFinetuner.trainingExamples(
                sst2,
                sst2.read(require("glue/SST-2/train.tsv"), Split.TRAIN, ReadOptions.defaults())
                    .examples(),
                FinetuneRecipe.electra("SST-2").withMaxTrainExamples(5000))
            .size());
  }
}
