package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.bench.task.QaExample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * BERT's SQuAD answer decoding ({@code write_predictions}) over the windows of one question.
 *
 * <ol>
 *   <li>In every window, the {@code nBest} context positions with the highest start logits and the
 *       {@code nBest} with the highest end logits are paired; a pair is a candidate when end ≥
 *       start, it spans at most {@code maxAnswerLength} tokens, and the window is the start token's
 *       max-context window. (BERT takes the top positions over the whole window and then drops
 *       those outside the context; taking them among context positions only can only add valid
 *       candidates.)
 *   <li>Candidates are ranked by start + end logit; the answer text is the original context from
 *       the start token's first character to the end token's last, so offsets map back exactly.
 *       Repeated texts are kept once, up to {@code nBest} answers, whose probabilities are a
 *       softmax over their scores.
 *   <li>SQuAD 2.0 ({@code allowNoAnswer}): the null score is the smallest [CLS] start + end logit
 *       over the windows; the empty answer joins the n-best list, and the prediction is {@code ""}
 *       when {@code null score − best span score} exceeds the threshold.
 * </ol>
 */
public final class SpanDecoder {

  /** A window's logits, by position. */
  public record WindowLogits(SpanFeatures.Window window, float[] start, float[] end) {
    public WindowLogits {
      checkArgument(
          start.length == window.length() && end.length == window.length(),
          "logits do not cover the window");
    }
  }

  /** One n-best answer. */
  public record Candidate(String text, double startLogit, double endLogit, double probability) {
    public double score() {
      return startLogit + endLogit;
    }
  }

  /**
   * The decoded answer.
   *
   * @param text the prediction ({@code ""} = no answer)
   * @param nullScoreDiff SQuAD 2.0: null score − best span score (BERT's null odds); NaN for v1.1
   * @param nBest ranked answers with probabilities
   */
  public record Answer(String text, double nullScoreDiff, List<Candidate> nBest) {}

  private record Span(int window, int start, int end, double startLogit, double endLogit) {
    double score() {
      return startLogit + endLogit;
    }
  }

  private SpanDecoder() {}

  /** Decodes {@code example} from the logits of all its windows (in context order). */
  public static Answer decode(
      QaExample example, List<WindowLogits> windows, SpanSettings settings, boolean allowNoAnswer) {
    checkArgument(!windows.isEmpty(), "question %s has no windows", example.id());
    List<Span> spans = new ArrayList<>();
    double nullScore = Double.POSITIVE_INFINITY;
    double nullStart = 0;
    double nullEnd = 0;
    for (int w = 0; w < windows.size(); w++) {
      WindowLogits logits = windows.get(w);
      SpanFeatures.Window window = logits.window();
      if (allowNoAnswer) {
        double score = logits.start()[0] + logits.end()[0];
        if (score < nullScore) {
          nullScore = score;
          nullStart = logits.start()[0];
          nullEnd = logits.end()[0];
        }
      }
      int[] starts = topContextPositions(window, logits.start(), settings.nBest());
      int[] ends = topContextPositions(window, logits.end(), settings.nBest());
      for (int s : starts) {
        if (!window.maxContext()[s]) {
          continue;
        }
        for (int e : ends) {
          if (e < s || e - s + 1 > settings.maxAnswerLength()) {
            continue;
          }
          spans.add(new Span(w, s, e, logits.start()[s], logits.end()[e]));
        }
      }
    }
    // Stable: equal scores keep window, then start, then end order.
    spans.sort(Comparator.comparingDouble(Span::score).reversed());
    List<Candidate> nBest = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Span span : spans) {
      if (nBest.size() >= settings.nBest()) {
        break;
      }
      SpanFeatures.Window window = windows.get(span.window()).window();
      String text =
          example
              .context()
              .substring(window.contextStarts()[span.start()], window.contextEnds()[span.end()]);
      if (seen.add(text)) {
        nBest.add(new Candidate(text, span.startLogit(), span.endLogit(), 0));
      }
    }
    if (allowNoAnswer && !seen.contains("")) {
      nBest.add(new Candidate("", nullStart, nullEnd, 0));
    }
    if (nBest.isEmpty()) {
      nBest.add(new Candidate("", 0, 0, 0));
    }
    List<Candidate> withProbabilities = softmax(nBest);
    Candidate bestSpan =
        withProbabilities.stream().filter(c -> !c.text().isEmpty()).findFirst().orElse(null);
    if (!allowNoAnswer) {
      return new Answer(withProbabilities.get(0).text(), Double.NaN, withProbabilities);
    }
    if (bestSpan == null) {
      // No span fits (a context without tokens): certainly no answer; finite, as probability files
      // need.
      return new Answer("", Double.MAX_VALUE, withProbabilities);
    }
    double diff = nullScore - bestSpan.score();
    String text = diff > settings.noAnswerThreshold() ? "" : bestSpan.text();
    return new Answer(text, diff, withProbabilities);
  }

  /**
   * The (up to) n context positions with the highest logits, best first, ties to the earlier
   * position.
   */
  static int[] topContextPositions(SpanFeatures.Window window, float[] logits, int n) {
    List<Integer> positions = new ArrayList<>();
    for (int p = 0; p < window.length(); p++) {
      if (window.isContext(p)) {
        positions.add(p);
      }
    }
    positions.sort(Comparator.comparingDouble((Integer p) -> logits[p]).reversed());
    return positions.stream().limit(n).mapToInt(Integer::intValue).toArray();
  }

  private static List<Candidate> softmax(List<Candidate> candidates) {
    double max = candidates.stream().mapToDouble(Candidate::score).max().orElseThrow();
    double sum = 0;
    double[] e = new double[candidates.size()];
    for (int i = 0; i < e.length; i++) {
      e[i] = Math.exp(candidates.get(i).score() - max);
      sum += e[i];
    }
    List<Candidate> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < e.length; i++) {
      Candidate c = candidates.get(i);
      out.add(new Candidate(c.text(), c.startLogit(), c.endLogit(), e[i] / sum));
    }
    return out;
  }
}
