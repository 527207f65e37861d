package io.tmr.bench.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaExample;
import io.tmr.core.text.WordPieceTokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BERT's n-best decoding on windows with hand-set logits. */
class SpanDecoderTest {
  private static final WordPieceTokenizer TOKENIZER =
      new WordPieceTokenizer(
          TinyModels.vocabulary(
              List.of("w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "where")));
  private static final String CONTEXT = "w0 w1 W2  w3 w4 w5 w6 w7 w8 w9";
  private static final QaExample EXAMPLE =
      new QaExample("q", "T", CONTEXT, "where", List.of(new QaAnswer("w3", 10, 10, 12)), false);

  /** Logits -10 everywhere except the given (position, start, end) triples. */
  private static SpanDecoder.WindowLogits logits(SpanFeatures.Window w, double[][] set) {
    float[] start = new float[w.length()];
    float[] end = new float[w.length()];
    Arrays.fill(start, -10f);
    Arrays.fill(end, -10f);
    for (double[] s : set) {
      start[(int) s[0]] = (float) s[1];
      end[(int) s[0]] = (float) s[2];
    }
    return new SpanDecoder.WindowLogits(w, start, end);
  }

  private static List<SpanFeatures.Window> windows(int maxLength, int stride) {
    return SpanFeatures.windows(
        0, EXAMPLE, TOKENIZER, maxLength, SpanSettings.electra().withDocStride(stride));
  }

  @Test
  void bestSpanTextIsCutFromTheOriginalContext() {
    // One window: [CLS] where [SEP] w0..w9 [SEP]; context token t at position 3 + t.
    SpanFeatures.Window w = windows(64, 128).get(0);
    SpanDecoder.Answer a =
        SpanDecoder.decode(
            EXAMPLE,
            List.of(logits(w, new double[][] {{5, 4, -10}, {6, -10, 3}})),
            SpanSettings.electra(),
            false);
    // Tokens 2..3 = "W2  w3" with the original case and double space.
    assertEquals("W2  w3", a.text());
    assertTrue(Double.isNaN(a.nullScoreDiff()));
    double total = a.nBest().stream().mapToDouble(SpanDecoder.Candidate::probability).sum();
    assertEquals(1.0, total, 1e-9);
    assertEquals(20, a.nBest().size(), "n-best keeps 20 distinct answers");
    assertEquals(
        a.nBest().size(), a.nBest().stream().map(SpanDecoder.Candidate::text).distinct().count());
    assertTrue(a.nBest().get(0).probability() > a.nBest().get(1).probability());
  }

  @Test
  void spansEndingBeforeTheyStartOrTooLongAreRejected() {
    SpanFeatures.Window w = windows(64, 128).get(0);
    // Best start at token 6, best end at token 1 (before it): the best valid pair is start 6 with a
    // later end; with max answer length 2 the end must be token 6 or 7.
    SpanDecoder.WindowLogits l =
        logits(w, new double[][] {{9, 8, -10}, {4, -10, 9}, {12, -10, 2}, {10, -10, 1}});
    SpanDecoder.Answer a =
        SpanDecoder.decode(
            EXAMPLE, List.of(l), SpanSettings.electra().withMaxAnswerLength(2), false);
    assertEquals("w6 w7", a.text());
    SpanDecoder.Answer longer =
        SpanDecoder.decode(EXAMPLE, List.of(l), SpanSettings.electra(), false);
    assertEquals("w6 w7 w8 w9", longer.text());
  }

  @Test
  void anAnswerMayOnlyStartInTheTokensMaxContextWindow() {
    // Length 9 with a 1-token question leaves 5 context tokens; stride 3: windows [0,5), [3,8),
    // [6,10).
    List<SpanFeatures.Window> ws = windows(9, 3);
    assertEquals(3, ws.size());
    // Token 4 is max-context in window 1 (position 3 + 1), not window 0 (position 3 + 4).
    SpanDecoder.WindowLogits w0 = logits(ws.get(0), new double[][] {{7, 9, 9}});
    SpanDecoder.WindowLogits w1 = logits(ws.get(1), new double[][] {{4, 1, 1}});
    SpanDecoder.WindowLogits w2 = logits(ws.get(2), new double[][] {{3, 0, 0}});
    SpanDecoder.Answer a =
        SpanDecoder.decode(EXAMPLE, List.of(w0, w1, w2), SpanSettings.electra(), false);
    assertEquals("w4", a.text(), "the higher score in window 0 is not its max-context window");
  }

  @Test
  void squad2AnswersEmptyWhenTheNullScoreWinsByMoreThanTheThreshold() {
    SpanFeatures.Window w = windows(64, 128).get(0);
    // Null score = start[0] + end[0] = 6; best span "w1" = 2 + 2 = 4: diff 2.
    SpanDecoder.WindowLogits l = logits(w, new double[][] {{0, 3, 3}, {4, 2, 2}});
    SpanDecoder.Answer none = SpanDecoder.decode(EXAMPLE, List.of(l), SpanSettings.electra(), true);
    assertEquals("", none.text());
    assertEquals(2.0, none.nullScoreDiff(), 1e-6);
    assertTrue(
        none.nBest().stream().anyMatch(c -> c.text().isEmpty()),
        "the empty answer is an n-best entry");
    SpanDecoder.Answer answered =
        SpanDecoder.decode(
            EXAMPLE, List.of(l), SpanSettings.electra().withNoAnswerThreshold(2.5), true);
    assertEquals("w1", answered.text());
    assertEquals(2.0, answered.nullScoreDiff(), 1e-6);
  }

  @Test
  void nullScoreIsTheMinimumOverWindows() {
    List<SpanFeatures.Window> ws = windows(9, 3);
    SpanDecoder.WindowLogits w0 = logits(ws.get(0), new double[][] {{0, 5, 5}, {3, 1, 1}});
    SpanDecoder.WindowLogits w1 = logits(ws.get(1), new double[][] {{0, 1, 0.5}});
    SpanDecoder.WindowLogits w2 = logits(ws.get(2), new double[][] {{0, 4, 4}});
    SpanDecoder.Answer a =
        SpanDecoder.decode(EXAMPLE, List.of(w0, w1, w2), SpanSettings.electra(), true);
    // min null = 1.5 (window 1); best span "w0" = 2: diff -0.5.
    assertEquals(-0.5, a.nullScoreDiff(), 1e-6);
    assertEquals("w0", a.text());
  }
}
