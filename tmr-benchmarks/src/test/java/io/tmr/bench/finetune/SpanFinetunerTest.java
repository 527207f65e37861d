package io.tmr.bench.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.score.ScoreReport;
import io.tmr.bench.score.SquadV1Scorer;
import io.tmr.bench.score.SquadV2Scorer;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaExample;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Span fine-tuning end to end on the toy QA task, v1.1 and v2.0 rules, several windows per
 * question.
 */
class SpanFinetunerTest {
  private static final EncoderSource ENCODER =
      TinyModels.randomEncoder(ToySquad.VOCAB, 16, 1, DataType.FLOAT, 0.02);
  // Length 16: 16 - 4 question tokens - 3 = 9 context tokens per window; 15-word contexts need 2
  // windows.
  private static final FinetuneRecipe RECIPE =
      FinetuneRecipe.electra("SQuAD-v1.1")
          .withLearningRate(3e-3)
          .withEpochs(5)
          .withBatchSize(16)
          .withMaxLength(16);
  private static final SpanSettings SETTINGS =
      SpanSettings.electra().withDocStride(6).withMaxAnswerLength(4);

  @Test
  void learnsToyAnswersAcrossWindowsAndIsDeterministic() throws Exception {
    QaDataset train = ToySquad.dataset("1.1", 30, 1, false);
    QaDataset eval = ToySquad.dataset("1.1", 6, 2, false);
    List<QaExample> examples = eval.examples();
    assertEquals(
        2,
        SpanFeatures.windows(
                0,
                examples.get(0),
                new io.tmr.core.text.WordPieceTokenizer(ToySquad.VOCAB),
                16,
                SETTINGS)
            .size(),
        "two windows per question");
    SpanFinetuner finetuner = new SpanFinetuner(ENCODER, RECIPE, SETTINGS, false);
    SpanFinetuner.Trial trial = finetuner.run(train.examples(), examples, 4);
    ScoreReport score = SquadV1Scorer.score(eval, trial.predictions());
    assertTrue(score.get("exact_match") >= 90, "toy exact match " + score.metrics());
    assertEquals(60, trial.predictions().size());
    assertEquals(120, trial.stats().evalSequences(), "two windows per evaluation question");
    assertEquals(5L * 600, trial.stats().trainSequences(), "300 questions x 2 windows x 5 epochs");
    assertTrue(trial.nullOdds().isEmpty(), "v1.1 has no null odds");
    for (QaExample e : examples) {
      String predicted = trial.predictions().get(e.id());
      assertTrue(e.context().contains(predicted), "an answer is a span of its context");
      assertEquals(
          predicted,
          trial.nBest().get(e.id()).get(0).text(),
          "v1.1 answers with the top n-best entry");
    }
    SpanFinetuner.Trial again = finetuner.run(train.examples(), examples, 4);
    assertEquals(trial.predictions(), again.predictions());
    assertEquals(trial.stats().epochLosses(), again.stats().epochLosses());
  }

  @Test
  void squad2LearnsWhenThereIsNoAnswer() throws Exception {
    QaDataset train = ToySquad.dataset("v2.0", 30, 3, true);
    QaDataset eval = ToySquad.dataset("v2.0", 6, 4, true);
    SpanFinetuner.Trial trial =
        new SpanFinetuner(ENCODER, RECIPE.withEpochs(6), SETTINGS, true)
            .run(train.examples(), eval.examples(), 5);
    assertEquals(60, trial.nullOdds().size());
    ScoreReport score =
        SquadV2Scorer.score(
            eval, trial.predictions(), trial.nullOdds(), SETTINGS.noAnswerThreshold());
    assertTrue(score.get("NoAns_exact") >= 80, "no-answer questions: " + score.metrics());
    assertTrue(score.get("HasAns_exact") >= 80, "answerable questions: " + score.metrics());
    // The prediction is "" exactly when the null odds exceed the threshold.
    trial
        .predictions()
        .forEach(
            (id, text) ->
                assertEquals(
                    trial.nullOdds().get(id) > SETTINGS.noAnswerThreshold(), text.isEmpty(), id));
  }
}
