package io.tmr.bench.score;

import io.tmr.bench.metrics.SquadText;
import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaQuestion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluate-v1.1.py}: for each gold question (in file order) the maximum exact match and the
 * maximum F1 over its gold answers; {@code exact_match} and {@code f1} are 100 × the mean over all
 * questions. A question without a prediction scores 0 and stays in the denominator; predictions for
 * unknown ids are ignored.
 *
 * <p>Where the official script crashes we refuse instead: a question with no gold answers ({@code
 * max()} of an empty list) and a dataset without questions (division by zero). The dataset's {@code
 * version} is not checked here (the script only warns).
 */
public final class SquadV1Scorer {

  private static final int SHOWN = 5;

  private SquadV1Scorer() {}

  public static ScoreReport score(QaDataset gold, Map<String, String> predictions)
      throws ScoringException {
    int total = 0;
    double exactMatch = 0;
    double f1 = 0;
    List<String> unanswered = new ArrayList<>();
    for (QaQuestion q : gold.questions()) {
      total++;
      String prediction = predictions.get(q.id());
      if (prediction == null) {
        unanswered.add(q.id());
        continue;
      }
      if (q.answers().isEmpty()) {
        throw new ScoringException(
            "question "
                + q.id()
                + " has no gold answers; the v1.1 script fails on "
                + "that (max of an empty list): score this file as version 2.0");
      }
      double bestExact = 0;
      double bestF1 = 0;
      for (QaAnswer a : q.answers()) {
        bestExact = Math.max(bestExact, SquadText.exactMatch(prediction, a.text()) ? 1 : 0);
        bestF1 = Math.max(bestF1, SquadText.f1V1(prediction, a.text()));
      }
      exactMatch += bestExact;
      f1 += bestF1;
    }
    if (total == 0) {
      throw new ScoringException(
          "the gold file has no questions (the v1.1 script divides by zero)");
    }
    Map<String, Number> metrics = new LinkedHashMap<>();
    metrics.put("exact_match", 100.0 * exactMatch / total);
    metrics.put("f1", 100.0 * f1 / total);
    List<String> notes = new ArrayList<>();
    if (!unanswered.isEmpty()) {
      notes.add(
          unanswered.size()
              + " unanswered question(s) receive score 0, e.g. "
              + String.join(", ", unanswered.subList(0, Math.min(SHOWN, unanswered.size()))));
    }
    return new ScoreReport(metrics, notes);
  }
}
