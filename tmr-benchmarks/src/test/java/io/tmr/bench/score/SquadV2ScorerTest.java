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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed expectations on {@code v2-small.json}: o1 gold "O"; o2 impossible; o3 golds "a
 * chemical element" / "chemical element"; o4 gold "." (has an answer, but it normalizes to empty so
 * the gold becomes [""]); o5 impossible.
 */
class SquadV2ScorerTest {

  private static QaDataset gold;

  /** Raw scores: o1 1/1, o2 0/0, o3 0/(2/3), o4 1/1, o5 1/1. */
  private static final Map<String, String> PREDICTIONS =
      Map.of("o1", "O", "o2", "8", "o3", "element", "o4", "", "o5", "");

  @BeforeAll
  static void read() throws IOException {
    gold = SquadDatasetFile.read(fixture("/squad/v2-small.json"), QaScoring.SQUAD_V2_0);
  }

  /** The probability file's key order matters for ties: o2 is listed before o1 at 0.3. */
  private static Map<String, Double> probabilities() {
    Map<String, Double> p = new LinkedHashMap<>();
    p.put("o2", 0.3);
    p.put("o1", 0.3);
    p.put("o4", 0.6);
    p.put("o3", 0.7);
    p.put("o5", 0.95);
    return p;
  }

  @Test
  void withoutProbabilitiesTheRawScoresAreReportedWithBreakdowns() throws ScoringException {
    ScoreReport r = SquadV2Scorer.score(gold, PREDICTIONS);
    assertEquals(
        List.of(
            "exact",
            "f1",
            "total",
            "HasAns_exact",
            "HasAns_f1",
            "HasAns_total",
            "NoAns_exact",
            "NoAns_f1",
            "NoAns_total"),
        List.copyOf(r.metrics().keySet()));
    assertEquals(60.0, r.get("exact"), 1e-12); // 3 / 5
    assertEquals(100.0 * (11.0 / 3.0) / 5, r.get("f1"), 1e-12);
    assertEquals(5, r.metrics().get("total"));
    assertEquals(100.0 * 2 / 3, r.get("HasAns_exact"), 1e-12); // o1, o3, o4
    assertEquals(100.0 * (8.0 / 3.0) / 3, r.get("HasAns_f1"), 1e-12);
    assertEquals(3, r.metrics().get("HasAns_total"));
    assertEquals(50.0, r.get("NoAns_exact"), 1e-12); // o2 wrong, o5 right
    assertEquals(50.0, r.get("NoAns_f1"), 1e-12);
    assertEquals(2, r.metrics().get("NoAns_total"));
  }

  @Test
  void bestThresholdsFollowTheStableProbabilityOrder() throws ScoringException {
    // Sorted: o2 (0.3, no answer predicted "8": -1), o1 (0.3, +1), o4 (0.6, +1), o3 (0.7, +0 /
    // +2/3),
    // o5 (0.95, 0). From 2 (no-answer count): exact 1, 2, 3*, 3, 3 -> 60 at 0.6;
    // f1 1, 2, 3*, 3.667*, 3.667 -> 73.33 at 0.7. Had o1 come first, the exact threshold would be
    // 0.3.
    ScoreReport r = SquadV2Scorer.score(gold, PREDICTIONS, probabilities(), 1.0);
    assertEquals(60.0, r.get("exact"), 1e-12);
    assertEquals(60.0, r.get("best_exact"), 1e-12);
    assertEquals(0.6, r.get("best_exact_thresh"));
    assertEquals(100.0 * (11.0 / 3.0) / 5, r.get("best_f1"), 1e-12);
    assertEquals(0.7, r.get("best_f1_thresh"));
    assertEquals(
        List.of("best_exact", "best_exact_thresh", "best_f1", "best_f1_thresh"),
        List.copyOf(r.metrics().keySet()).subList(9, 13));
  }

  @Test
  void probabilitiesAboveTheThresholdTurnPredictionsIntoNoAnswer() throws ScoringException {
    // Threshold 0.5: o4, o3 (have answers) score 0, o5 (no answer) scores 1; o1 1, o2 0 unchanged.
    ScoreReport r = SquadV2Scorer.score(gold, PREDICTIONS, probabilities(), 0.5);
    assertEquals(40.0, r.get("exact"), 1e-12);
    assertEquals(40.0, r.get("f1"), 1e-12);
    assertEquals(100.0 / 3, r.get("HasAns_exact"), 1e-12);
    assertEquals(50.0, r.get("NoAns_f1"), 1e-12);
    // The best-threshold search uses the raw scores, so it does not depend on the threshold.
    assertEquals(0.6, r.get("best_exact_thresh"));
    // "Exceeds" is strict: at 0.6 o4 (p = 0.6) keeps its answer (exact 3/5); just below, it does
    // not (2/5).
    assertEquals(
        60.0, SquadV2Scorer.score(gold, PREDICTIONS, probabilities(), 0.6).get("exact"), 1e-12);
    assertEquals(
        40.0, SquadV2Scorer.score(gold, PREDICTIONS, probabilities(), 0.59).get("exact"), 1e-12);
  }

  @Test
  void aWhitespacePredictionCountsAsAnAnswerInTheThresholdSearch() throws ScoringException {
    // The script tests `if preds[qid]` on the raw string: " " is truthy (-1) though it normalizes
    // to "".
    Map<String, String> p = new LinkedHashMap<>(PREDICTIONS);
    p.put("o5", " ");
    Map<String, Double> probs = new LinkedHashMap<>();
    probs.put("o5", 0.1);
    for (String qid : List.of("o1", "o2", "o3", "o4")) {
      probs.put(qid, 0.9);
    }
    ScoreReport r = SquadV2Scorer.score(gold, p, probs, 1.0);
    // o5's raw exact is still 1 (" " normalizes to the empty gold).
    assertEquals(60.0, r.get("exact"), 1e-12);
    // From 2: o5 -1 -> 1, o1 +1 -> 2, o2 -1 -> 1, o3 0 -> 1, o4 +1 -> 2: never above 2, threshold
    // stays 0.0.
    // (Were " " treated as empty, o5 would add 0 and the best would be 3 at 0.9.)
    assertEquals(40.0, r.get("best_exact"), 1e-12);
    assertEquals(0.0, r.get("best_exact_thresh"));
  }

  @Test
  void goldAnswersThatNormalizeToEmptyAreDroppedWhenOthersRemain() throws ScoringException {
    // Answers "." and "x": "." is dropped, so an empty prediction is compared with "x" only: 0 (had
    // "."
    // stayed, the empty prediction would match it).
    String context = ". x";
    QaDataset d =
        new QaDataset(
            "v2.0",
            List.of(
                new QaArticle(
                    "T",
                    List.of(
                        new QaParagraph(
                            context,
                            List.of(
                                new QaQuestion(
                                    "p",
                                    "?",
                                    List.of(new QaAnswer(".", 0, 0, 1), new QaAnswer("x", 2, 2, 3)),
                                    false,
                                    List.of())))))));
    ScoreReport empty = SquadV2Scorer.score(d, Map.of("p", ""));
    assertEquals(0.0, empty.get("exact"));
    assertEquals(0.0, empty.get("f1"));
    assertEquals(1, empty.metrics().get("HasAns_total"));
    assertEquals(false, empty.metrics().containsKey("NoAns_total"));
    assertEquals(100.0, SquadV2Scorer.score(d, Map.of("p", "X.")).get("exact"));
  }

  @Test
  void refusesWhereTheOfficialScriptCrashes() {
    Map<String, String> missingO3 = new LinkedHashMap<>(PREDICTIONS);
    missingO3.remove("o3");
    ScoringException e =
        assertThrows(ScoringException.class, () -> SquadV2Scorer.score(gold, missingO3));
    assertTrue(
        e.getMessage().startsWith("1 question(s) have no prediction, e.g. o3"), e.getMessage());
    Map<String, Double> probs = probabilities();
    probs.remove("o4");
    ScoringException f =
        assertThrows(
            ScoringException.class, () -> SquadV2Scorer.score(gold, PREDICTIONS, probs, 1.0));
    assertTrue(f.getMessage().contains("no no-answer probability for question o4"), f.getMessage());
  }
}
