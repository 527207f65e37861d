package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaExample;
import io.tmr.core.text.Encoding;
import io.tmr.core.text.TokenSpans;
import io.tmr.core.text.Truncation;
import io.tmr.core.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns extractive-QA examples into model windows as BERT's {@code run_squad.py} does: {@code [CLS]
 * question [SEP] context-window [SEP]}, the question cut to {@code maxQueryLength} tokens, the
 * context covered by windows of at most {@code maxLength − question − 3} tokens whose starts are
 * {@code docStride} tokens apart (the last window ends at the context's end). Every context token
 * keeps its UTF-16 span in the original context, so an answer is cut from the original text (case,
 * accents and spacing as written) rather than rebuilt from word pieces.
 *
 * <p>A token appears in several windows when they overlap; it is marked <em>max context</em> in the
 * one where it has the most context on its shorter side (BERT's {@code _check_is_max_context}), and
 * only there may an answer start.
 *
 * <p>Training labels use the first gold answer: its start is the first context token whose span
 * ends after the answer's first character, its end the last token that starts before the answer's
 * end. A window that does not contain the whole answer, and an unanswerable question, are labelled
 * with the [CLS] position 0 for both.
 */
public final class SpanFeatures {

  /**
   * One window.
   *
   * @param example position of its question in the example list
   * @param ids token ids, unpadded
   * @param segments 0 for [CLS] question [SEP], 1 for the context window and its [SEP]
   * @param contextStarts per position, the UTF-16 start in the context of a context token; -1
   *     elsewhere
   * @param contextEnds per position, the exclusive end; -1 elsewhere
   * @param maxContext per position, whether this window is the token's max-context window
   * @param startPosition training label (0 = [CLS])
   * @param endPosition training label (0 = [CLS])
   */
  public record Window(
      int example,
      int[] ids,
      int[] segments,
      int[] contextStarts,
      int[] contextEnds,
      boolean[] maxContext,
      int startPosition,
      int endPosition) {

    public int length() {
      return ids.length;
    }

    /** Whether position p holds a context token. */
    public boolean isContext(int p) {
      return contextStarts[p] >= 0;
    }
  }

  private SpanFeatures() {}

  /**
   * The windows of every example, in example order, windows of one example in context order.
   *
   * @param maxLength tokens per window, specials included
   */
  public static List<Window> build(
      List<QaExample> examples,
      WordPieceTokenizer tokenizer,
      int maxLength,
      SpanSettings settings) {
    List<Window> out = new ArrayList<>();
    for (int i = 0; i < examples.size(); i++) {
      out.addAll(windows(i, examples.get(i), tokenizer, maxLength, settings));
    }
    return out;
  }

  static List<Window> windows(
      int exampleIndex,
      QaExample example,
      WordPieceTokenizer tokenizer,
      int maxLength,
      SpanSettings settings) {
    TokenSpans question = tokenizer.tokenize(example.question());
    if (question.size() > settings.maxQueryLength()) {
      question = question.prefix(settings.maxQueryLength());
    }
    TokenSpans context = tokenizer.tokenize(example.context());
    int budget = maxLength - question.size() - 3;
    checkArgument(
        budget > 0,
        "max length %s leaves no room for the context after a %s-token question",
        maxLength,
        question.size());
    List<int[]> spans = new ArrayList<>();
    for (int start = 0; ; ) {
      int length = Math.min(context.size() - start, budget);
      spans.add(new int[] {start, length});
      if (start + length >= context.size()) {
        break;
      }
      start += Math.min(length, settings.docStride());
    }
    int[] answerTokens = answerTokens(example, context);
    int offset = question.size() + 2;
    List<Window> out = new ArrayList<>(spans.size());
    for (int w = 0; w < spans.size(); w++) {
      int start = spans.get(w)[0];
      int length = spans.get(w)[1];
      Encoding enc =
          tokenizer.encode(
              question, context.slice(start, start + length), maxLength, Truncation.NONE, false);
      int n = enc.length();
      int[] cs = new int[n];
      int[] ce = new int[n];
      boolean[] max = new boolean[n];
      Arrays.fill(cs, -1);
      Arrays.fill(ce, -1);
      for (int k = 0; k < length; k++) {
        cs[offset + k] = enc.starts()[offset + k];
        ce[offset + k] = enc.ends()[offset + k];
        max[offset + k] = isMaxContext(spans, w, start + k);
      }
      int startPosition = 0;
      int endPosition = 0;
      if (answerTokens != null && answerTokens[0] >= start && answerTokens[1] < start + length) {
        startPosition = offset + answerTokens[0] - start;
        endPosition = offset + answerTokens[1] - start;
      }
      out.add(
          new Window(
              exampleIndex,
              Arrays.copyOf(enc.ids(), n),
              Arrays.copyOf(enc.typeIds(), n),
              cs,
              ce,
              max,
              startPosition,
              endPosition));
    }
    return out;
  }

  /**
   * The first and last context tokens covering the first gold answer, or null when the question is
   * unanswerable, has no answer, or its answer lies in text that produced no tokens (white space).
   */
  static int[] answerTokens(QaExample example, TokenSpans context) {
    if (example.impossible() || example.answers().isEmpty()) {
      return null;
    }
    QaAnswer answer = example.answers().get(0);
    int first = -1;
    int last = -1;
    for (int t = 0; t < context.size(); t++) {
      if (first < 0 && context.end(t) > answer.charStart()) {
        first = t;
      }
      if (context.start(t) < answer.charEnd()) {
        last = t;
      }
    }
    return first < 0 || last < first ? null : new int[] {first, last};
  }

  /**
   * BERT's rule: the window where the token has the largest min(left, right) context (+ 0.01 ×
   * length).
   */
  static boolean isMaxContext(List<int[]> spans, int current, int position) {
    double bestScore = Double.NEGATIVE_INFINITY;
    int best = -1;
    for (int w = 0; w < spans.size(); w++) {
      int start = spans.get(w)[0];
      int end = start + spans.get(w)[1] - 1;
      if (position < start || position > end) {
        continue;
      }
      double score = Math.min(position - start, end - position) + 0.01 * spans.get(w)[1];
      if (score > bestScore) {
        bestScore = score;
        best = w;
      }
    }
    return best == current;
  }
}
