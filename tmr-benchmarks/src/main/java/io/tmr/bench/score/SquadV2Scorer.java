package io.tmr.bench.score;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.bench.metrics.SquadText;
import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaQuestion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluate-v2.0.py}, step for step:
 *
 * <ol>
 *   <li>a question "has an answer" when its {@code answers} list is non-empty (before
 *       normalization);
 *   <li>its gold answers are those whose text normalizes to something non-empty, or {@code [""]} if
 *       none is left;
 *   <li>raw exact/F1: maximum over gold answers of {@link SquadText#exactMatch} and {@link
 *       SquadText#f1V2} (empty against empty scores 1, empty against non-empty 0);
 *   <li>a question whose no-answer probability exceeds the threshold (strictly; default 1.0) is
 *       scored as a no-answer prediction: 1 if it has no answer, else 0. Without a probability file
 *       every probability is 0.0;
 *   <li>{@code exact}, {@code f1}, {@code total} over all questions, then {@code HasAns_*} and
 *       {@code NoAns_*} over the questions of each kind that exist;
 *   <li>with a probability file, {@code best_exact}/{@code best_f1} and their thresholds from
 *       {@code find_best_thresh}: questions in ascending probability (ties in the file's key
 *       order), starting from all-no-answer, keeping the first threshold that reaches the best
 *       score.
 * </ol>
 *
 * Where the official script crashes we refuse instead: any question without a prediction (the
 * script skips it while scoring, then fails with a KeyError building the HasAns/NoAns breakdown), a
 * scored question without a no-answer probability when a probability file is given (KeyError), and
 * a dataset without questions (division by zero).
 */
public final class SquadV2Scorer {

  /** The official default of {@code --na-prob-thresh}. */
  public static final double DEFAULT_NO_ANSWER_THRESHOLD = 1.0;

  private static final int SHOWN = 5;

  private SquadV2Scorer() {}

  /** Scores without no-answer probabilities (all 0.0) at the default threshold. */
  public static ScoreReport score(QaDataset gold, Map<String, String> predictions)
      throws ScoringException {
    return score(gold, predictions, null, DEFAULT_NO_ANSWER_THRESHOLD);
  }

  /**
   * @param noAnswerProbabilities question id → probability of no answer, in file order; {@code
   *     null} when no file was given (then no {@code best_*} keys)
   * @param threshold a prediction becomes "no answer" when its probability is greater than this
   */
  public static ScoreReport score(
      QaDataset gold,
      Map<String, String> predictions,
      Map<String, Double> noAnswerProbabilities,
      double threshold)
      throws ScoringException {
    checkArgument(!Double.isNaN(threshold), "threshold is NaN");
    Map<String, Boolean> hasAnswer = new LinkedHashMap<>();
    for (QaQuestion q : gold.questions()) {
      checkArgument(
          hasAnswer.put(q.id(), !q.answers().isEmpty()) == null,
          "duplicate question id %s",
          q.id());
    }
    if (hasAnswer.isEmpty()) {
      throw new ScoringException(
          "the gold file has no questions (the v2.0 script divides by zero)");
    }
    List<String> missing = new ArrayList<>();
    Map<String, Double> exactRaw = new LinkedHashMap<>();
    Map<String, Double> f1Raw = new LinkedHashMap<>();
    for (QaQuestion q : gold.questions()) {
      String prediction = predictions.get(q.id());
      if (prediction == null) {
        missing.add(q.id());
        continue;
      }
      List<String> golds = new ArrayList<>();
      for (QaAnswer a : q.answers()) {
        if (!SquadText.normalize(a.text()).isEmpty()) {
          golds.add(a.text());
        }
      }
      if (golds.isEmpty()) {
        golds.add("");
      }
      double exact = 0;
      double f1 = 0;
      for (String g : golds) {
        exact = Math.max(exact, SquadText.exactMatch(prediction, g) ? 1 : 0);
        f1 = Math.max(f1, SquadText.f1V2(prediction, g));
      }
      exactRaw.put(q.id(), exact);
      f1Raw.put(q.id(), f1);
    }
    if (!missing.isEmpty()) {
      throw new ScoringException(
          missing.size()
              + " question(s) have no prediction, e.g. "
              + String.join(", ", missing.subList(0, Math.min(SHOWN, missing.size())))
              + "; the v2.0 script cannot score such a file (KeyError after 'Missing prediction for ...'):"
              + " predict \"\" for no answer");
    }
    Map<String, Double> probabilities = noAnswerProbabilities;
    if (probabilities == null) {
      probabilities = new LinkedHashMap<>();
      for (String qid : predictions.keySet()) {
        probabilities.put(qid, 0.0);
      }
    } else {
      for (String qid : exactRaw.keySet()) {
        if (!probabilities.containsKey(qid)) {
          throw new ScoringException(
              "no no-answer probability for question "
                  + qid
                  + " (the v2.0 script fails with a KeyError)");
        }
      }
    }
    Map<String, Double> exactThresholded =
        applyThreshold(exactRaw, probabilities, hasAnswer, threshold);
    Map<String, Double> f1Thresholded = applyThreshold(f1Raw, probabilities, hasAnswer, threshold);

    Map<String, Number> out = new LinkedHashMap<>();
    putEval(out, "", exactThresholded, f1Thresholded, new ArrayList<>(exactThresholded.keySet()));
    List<String> hasAnsIds =
        hasAnswer.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    List<String> noAnsIds =
        hasAnswer.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    if (!hasAnsIds.isEmpty()) {
      putEval(out, "HasAns_", exactThresholded, f1Thresholded, hasAnsIds);
    }
    if (!noAnsIds.isEmpty()) {
      putEval(out, "NoAns_", exactThresholded, f1Thresholded, noAnsIds);
    }
    if (noAnswerProbabilities != null) {
      double[] bestExact = bestThreshold(predictions, exactRaw, noAnswerProbabilities, hasAnswer);
      double[] bestF1 = bestThreshold(predictions, f1Raw, noAnswerProbabilities, hasAnswer);
      out.put("best_exact", bestExact[0]);
      out.put("best_exact_thresh", bestExact[1]);
      out.put("best_f1", bestF1[0]);
      out.put("best_f1_thresh", bestF1[1]);
    }
    return new ScoreReport(out, List.of());
  }

  private static Map<String, Double> applyThreshold(
      Map<String, Double> scores,
      Map<String, Double> probabilities,
      Map<String, Boolean> hasAnswer,
      double threshold) {
    Map<String, Double> out = new LinkedHashMap<>();
    scores.forEach(
        (qid, s) -> {
          boolean predictNoAnswer = probabilities.get(qid) > threshold;
          out.put(qid, predictNoAnswer ? (hasAnswer.get(qid) ? 0.0 : 1.0) : s);
        });
    return out;
  }

  private static void putEval(
      Map<String, Number> out,
      String prefix,
      Map<String, Double> exact,
      Map<String, Double> f1,
      List<String> qids) {
    double exactSum = 0;
    double f1Sum = 0;
    for (String qid : qids) {
      exactSum += exact.get(qid);
      f1Sum += f1.get(qid);
    }
    int total = qids.size();
    out.put(prefix + "exact", 100.0 * exactSum / total);
    out.put(prefix + "f1", 100.0 * f1Sum / total);
    out.put(prefix + "total", total);
  }

  /** {@code find_best_thresh}: returns {best score ×100, its threshold}. */
  private static double[] bestThreshold(
      Map<String, String> predictions,
      Map<String, Double> scores,
      Map<String, Double> probabilities,
      Map<String, Boolean> hasAnswer) {
    long noAnswerCount = hasAnswer.values().stream().filter(h -> !h).count();
    double current = noAnswerCount;
    double best = current;
    double bestThreshold = 0.0;
    List<String> order = new ArrayList<>(probabilities.keySet());
    // Python's sorted() is stable and compares floats numerically (-0.0 == 0.0), unlike
    // Double.compare.
    order.sort(
        (a, b) -> {
          double pa = probabilities.get(a);
          double pb = probabilities.get(b);
          return pa < pb ? -1 : pa > pb ? 1 : 0;
        });
    for (String qid : order) {
      Double score = scores.get(qid);
      if (score == null) {
        continue;
      }
      double diff;
      if (hasAnswer.get(qid)) {
        diff = score;
      } else {
        // The script tests the raw prediction's truthiness: any non-empty string, even " ", is an
        // answer.
        diff = predictions.get(qid).isEmpty() ? 0 : -1;
      }
      current += diff;
      if (current > best) {
        best = current;
        bestThreshold = probabilities.get(qid);
      }
    }
    return new double[] {100.0 * best / scores.size(), bestThreshold};
  }
}
