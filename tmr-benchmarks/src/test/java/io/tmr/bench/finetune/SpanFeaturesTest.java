package io.tmr.bench.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaExample;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows, labels and offsets of {@link SpanFeatures} on hand-checked examples. */
class SpanFeaturesTest {
  private static final List<String> WORDS =
      List.of(
          "w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9", "where", "is", "it", "café",
          "cafe", "##s", "paris");
  private static final Vocabulary VOCAB = TinyModels.vocabulary(WORDS);
  private static final WordPieceTokenizer TOKENIZER = new WordPieceTokenizer(VOCAB);

  /** "w0 w1 ... w9": token t spans characters [3t, 3t + 2). */
  private static final String CONTEXT = "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9";

  private static QaExample example(int answerToken, int answerTokens) {
    int start = 3 * answerToken;
    int end = 3 * (answerToken + answerTokens - 1) + 2;
    String text = CONTEXT.substring(start, end);
    return new QaExample(
        "q", "T", CONTEXT, "where is it ?", List.of(new QaAnswer(text, start, start, end)), false);
  }

  @Test
  void slidingWindowsFollowBertsStrideRule() {
    // Question "where is it ?" = 4 tokens; length 12 leaves 12 - 4 - 3 = 5 context tokens per
    // window.
    SpanSettings settings = SpanSettings.electra().withDocStride(3);
    List<SpanFeatures.Window> windows =
        SpanFeatures.windows(0, example(6, 2), TOKENIZER, 12, settings);
    // Starts 0, 3, 6 (6 + 4 reaches the end): windows [0,5), [3,8), [6,10).
    assertEquals(3, windows.size());
    List<String> firstContextTokens = new ArrayList<>();
    for (SpanFeatures.Window w : windows) {
      assertEquals(VOCAB.clsId(), w.ids()[0]);
      assertEquals(VOCAB.sepId(), w.ids()[5]);
      assertEquals(VOCAB.sepId(), w.ids()[w.length() - 1]);
      assertEquals(1, w.segments()[6]);
      assertEquals(0, w.segments()[5]);
      firstContextTokens.add(VOCAB.token(w.ids()[6]));
      assertFalse(w.isContext(0));
      assertFalse(w.isContext(5));
      assertTrue(w.isContext(6));
    }
    assertEquals(List.of("w0", "w3", "w6"), firstContextTokens);
    assertEquals(12, windows.get(0).length());
    assertEquals(11, windows.get(2).length(), "the last window holds the 4 remaining tokens");
    // Offsets point into the original context.
    SpanFeatures.Window middle = windows.get(1);
    assertEquals("w3", CONTEXT.substring(middle.contextStarts()[6], middle.contextEnds()[6]));
    assertEquals("w7", CONTEXT.substring(middle.contextStarts()[10], middle.contextEnds()[10]));
  }

  @Test
  void answerLabelsAreWindowPositionsOrClsWhenTheAnswerIsNotInside() {
    SpanSettings settings = SpanSettings.electra().withDocStride(3);
    // Answer "w6 w7" = tokens 6..7: inside window 1 ([3,8): positions 6 + 3, 6 + 4) and window 2
    // ([6,10): 6, 7).
    List<SpanFeatures.Window> windows =
        SpanFeatures.windows(0, example(6, 2), TOKENIZER, 12, settings);
    assertEquals(0, windows.get(0).startPosition());
    assertEquals(0, windows.get(0).endPosition());
    assertEquals(9, windows.get(1).startPosition());
    assertEquals(10, windows.get(1).endPosition());
    assertEquals(6, windows.get(2).startPosition());
    assertEquals(7, windows.get(2).endPosition());
    // Answer straddling the end of window 0 ([0,5)): tokens 4..5 are wholly in window 1 only.
    List<SpanFeatures.Window> straddle =
        SpanFeatures.windows(0, example(4, 2), TOKENIZER, 12, settings);
    assertEquals(0, straddle.get(0).startPosition());
    assertEquals(7, straddle.get(1).startPosition());
    assertEquals(8, straddle.get(1).endPosition());
  }

  @Test
  void maxContextPicksTheWindowWhereTheTokenIsMostCentral() {
    List<int[]> spans = List.of(new int[] {0, 5}, new int[] {3, 5}, new int[] {6, 4});
    // Token 4: window 0 has min(4, 0) = 0, window 1 has min(1, 3) = 1 -> window 1.
    assertFalse(SpanFeatures.isMaxContext(spans, 0, 4));
    assertTrue(SpanFeatures.isMaxContext(spans, 1, 4));
    // Token 6: window 1 min(3, 1) = 1 + 0.05; window 2 min(0, 3) = 0 -> window 1.
    assertTrue(SpanFeatures.isMaxContext(spans, 1, 6));
    // Token 7: window 1 min(4, 0) = 0.05; window 2 min(1, 2) = 1.04 -> window 2.
    assertTrue(SpanFeatures.isMaxContext(spans, 2, 7));
    // Every token is max context in exactly one window.
    for (int t = 0; t < 10; t++) {
      int owners = 0;
      for (int w = 0; w < spans.size(); w++) {
        owners += SpanFeatures.isMaxContext(spans, w, t) ? 1 : 0;
      }
      assertEquals(1, owners, "token " + t);
    }
  }

  @Test
  void questionIsCutToMaxQueryLengthAndAShortContextIsOneWindow() {
    SpanSettings settings = SpanSettings.electra().withMaxQueryLength(2);
    List<SpanFeatures.Window> windows =
        SpanFeatures.windows(0, example(1, 1), TOKENIZER, 64, settings);
    assertEquals(1, windows.size());
    SpanFeatures.Window w = windows.get(0);
    assertArrayEquals(
        new int[] {VOCAB.clsId(), VOCAB.id("where"), VOCAB.id("is"), VOCAB.sepId()},
        java.util.Arrays.copyOf(w.ids(), 4));
    assertEquals(1 + 2 + 1 + 10 + 1, w.length());
    assertEquals(5, w.startPosition(), "token w1 after [CLS] where is [SEP] w0");
    for (int p = 4; p < 14; p++) {
      assertTrue(w.maxContext()[p]);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> SpanFeatures.windows(0, example(1, 1), TOKENIZER, 6, SpanSettings.electra()),
        "no room for context");
  }

  @Test
  void answerTokensCoverPartialWordPiecesAndAccentedText() {
    // "cafés" = "café" + "##s": the answer "café" is the first piece; offsets map back to the
    // accented original.
    String context = "w1 cafés paris";
    QaExample e =
        new QaExample("q", "T", context, "where", List.of(new QaAnswer("café", 3, 3, 7)), false);
    SpanFeatures.Window w =
        SpanFeatures.windows(0, e, TOKENIZER, 32, SpanSettings.electra()).get(0);
    int s = w.startPosition();
    assertEquals(w.startPosition(), w.endPosition());
    assertEquals("café", context.substring(w.contextStarts()[s], w.contextEnds()[w.endPosition()]));
    assertEquals("s", context.substring(w.contextStarts()[s + 1], w.contextEnds()[s + 1]));
    QaExample impossible = new QaExample("q2", "T", context, "where", List.of(), true);
    SpanFeatures.Window none =
        SpanFeatures.windows(0, impossible, TOKENIZER, 32, SpanSettings.electra()).get(0);
    assertEquals(0, none.startPosition());
    assertEquals(0, none.endPosition());
  }
}
