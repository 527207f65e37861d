package io.tmr.bench.score;

import static io.tmr.bench.task.SharedData.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.squad.SquadDatasetFile;
import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaArticle;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaParagraph;
import io.tmr.bench.task.QaQuestion;
import io.tmr.bench.task.QaScoring;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed expectations on {@code v1-small.json}: q1 golds "Denver Broncos" (×2) and "The
 * Denver Broncos"; q2 gold "24–10" (en dash); q3 golds "Santa Clara, California" and "Santa Clara";
 * q4 golds "." twice (punctuation only).
 */
class SquadV1ScorerTest {

  private static QaDataset gold;

  @BeforeAll
  static void read() throws IOException {
    gold = SquadDatasetFile.read(fixture("/squad/v1-small.json"), QaScoring.SQUAD_V1_1);
  }

  @Test
  void mixedPredictionsWithAnUnansweredQuestion() throws ScoringException {
    // q1: "the denver broncos" normalizes to the gold: EM 1, F1 1.
    // q2: ASCII hyphen deleted ("2410") vs en dash kept ("24–10"): EM 0, F1 0.
    // q3: "in Santa Clara" vs "Santa Clara": P 2/3, R 1, F1 0.8 (vs the long gold only 2/3): EM 0.
    // q4: no prediction: 0, still counted. Totals: EM 1/4, F1 1.8/4.
    ScoreReport r =
        SquadV1Scorer.score(
            gold,
            Map.of(
                "q1",
                "the denver broncos",
                "q2",
                "24-10",
                "q3",
                "in Santa Clara",
                "unknown-id",
                "ignored"));
    assertEquals(List.of("exact_match", "f1"), List.copyOf(r.metrics().keySet()));
    assertEquals(25.0, r.get("exact_match"), 1e-12);
    assertEquals(45.0, r.get("f1"), 1e-12);
    assertEquals(1, r.notes().size());
    assertTrue(
        r.notes().get(0).startsWith("1 unanswered question(s) receive score 0, e.g. q4"),
        r.notes().get(0));
  }

  @Test
  void emptyPredictionForAPunctuationOnlyGoldIsAnExactMatchWithZeroF1() throws ScoringException {
    // v1.1 quirk: normalize("") == normalize(".") == "", so EM 1; F1 counts no common token, so 0.
    ScoreReport r =
        SquadV1Scorer.score(
            gold,
            Map.of("q1", "Denver Broncos", "q2", "24\u201310", "q3", "Santa Clara", "q4", ""));
    assertEquals(100.0, r.get("exact_match"), 1e-12);
    assertEquals(75.0, r.get("f1"), 1e-12);
    assertEquals(List.of(), r.notes());
  }

  @Test
  void noPredictionsAtAllScoresZero() throws ScoringException {
    ScoreReport r = SquadV1Scorer.score(gold, Map.of());
    assertEquals(0.0, r.get("exact_match"));
    assertEquals(0.0, r.get("f1"));
  }

  @Test
  void refusesWhereTheOfficialScriptCrashes() {
    QaDataset noAnswers =
        new QaDataset(
            "1.1",
            List.of(
                new QaArticle(
                    "T",
                    List.of(
                        new QaParagraph(
                            "ctx",
                            List.of(new QaQuestion("x", "?", List.of(), false, List.of())))))));
    ScoringException e =
        assertThrows(
            ScoringException.class, () -> SquadV1Scorer.score(noAnswers, Map.of("x", "a")));
    assertTrue(e.getMessage().contains("score this file as version 2.0"), e.getMessage());
    assertThrows(
        ScoringException.class,
        () -> SquadV1Scorer.score(new QaDataset("1.1", List.of()), Map.of()));
    // An unanswered question without gold answers is not reached by max(): scored 0 as any other.
    QaDataset mixed =
        new QaDataset(
            "1.1",
            List.of(
                new QaArticle(
                    "T",
                    List.of(
                        new QaParagraph(
                            "ctx",
                            List.of(
                                new QaQuestion("x", "?", List.of(), false, List.of()),
                                new QaQuestion(
                                    "y",
                                    "?",
                                    List.of(new QaAnswer("ctx", 0, 0, 3)),
                                    false,
                                    List.of())))))));
    assertEquals(
        50.0,
        assertDoesNotFail(() -> SquadV1Scorer.score(mixed, Map.of("y", "ctx"))).get("exact_match"));
  }

  private interface Scoring {
    ScoreReport run() throws ScoringException;
  }

  private static ScoreReport assertDoesNotFail(Scoring s) {
    try {
      return s.run();
    } catch (ScoringException e) {
      throw new AssertionError(e);
    }
  }
}
