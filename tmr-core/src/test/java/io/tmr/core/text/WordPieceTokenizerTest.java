package io.tmr.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordPieceTokenizerTest {
  private static final Vocabulary VOCAB =
      Vocabulary.of(
          List.of(
              "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "un", "##aff", "##able", "aff", "##a",
              "runn", "##ing", ",", "."));
  private final WordPieceTokenizer tok = new WordPieceTokenizer(VOCAB, 10);

  private List<String> pieces(String text) {
    TokenSpans t = tok.tokenize(text);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      out.add(VOCAB.token(t.id(i)) + "@" + t.start(i) + "-" + t.end(i));
    }
    return out;
  }

  @Test
  void greedyLongestMatchFirstWithContinuationAndOffsets() {
    assertEquals(
        List.of("un@0-2", "##aff@2-5", "##able@5-9", ",@9-10", "runn@11-15", "##ing@15-18"),
        pieces("UNaffable, running"));
  }

  @Test
  void wordThatCannotBeCoveredIsOneUnk() {
    assertEquals(List.of("[UNK]@0-6", ".@6-7"), pieces("unaffx."));
  }

  @Test
  void wordLongerThanMaxCharsIsUnk() {
    assertEquals(List.of("[UNK]@0-12"), pieces("unaffableaff"));
  }

  @Test
  void accentsAreStrippedButOffsetsPointAtTheOriginal() {
    // "Ünaff" decomposes to U + combining diaeresis; the mark is dropped, the span covers the
    // original char.
    assertEquals(List.of("un@1-3", "##aff@3-6"), pieces(" Ünaff"));
  }

  @Test
  void pairTemplateTypeIdsAndPadding() {
    Encoding e = tok.encode("un", "aff", 8, Truncation.LONGEST_FIRST, true);
    assertArrayEquals(new int[] {2, 5, 3, 8, 3, 0, 0, 0}, e.ids());
    assertArrayEquals(new int[] {0, 0, 0, 1, 1, 0, 0, 0}, e.typeIds());
    assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0, 0, 0}, e.attentionMask());
    assertArrayEquals(new int[] {-1, 0, -1, 1, -1, -1, -1, -1}, e.sequenceIds());
    assertEquals(5, e.length());
  }

  @Test
  void truncationNoneRefusesLongInput() {
    assertThrows(
        IllegalArgumentException.class, () -> tok.encode("un un un", 4, Truncation.NONE, false));
  }

  @Test
  void longestFirstKeepsShortSegmentWholeOrSplitsHalves() {
    assertArrayEquals(new int[] {3, 7}, WordPieceTokenizer.longestFirst(3, 20, 10));
    assertArrayEquals(new int[] {7, 3}, WordPieceTokenizer.longestFirst(20, 3, 10));
    assertArrayEquals(new int[] {5, 5}, WordPieceTokenizer.longestFirst(20, 20, 10));
    assertArrayEquals(new int[] {4, 5}, WordPieceTokenizer.longestFirst(20, 20, 9));
    assertArrayEquals(new int[] {5, 4}, WordPieceTokenizer.longestFirst(21, 20, 9));
    assertArrayEquals(new int[] {2, 3}, WordPieceTokenizer.longestFirst(2, 3, 9));
  }

  @Test
  void trainerLearnsFrequentWordsAndTokenizesTheirText() {
    WordPieceTrainer trainer = new WordPieceTrainer(60, 2, 100);
    for (int i = 0; i < 50; i++) {
      trainer.addText("the whale swam; the whaler chased the whale.");
    }
    trainer.addText("zebra");
    Vocabulary v = trainer.train();
    assertEquals(
        Vocabulary.SPECIAL_TOKENS,
        List.of(v.token(0), v.token(1), v.token(2), v.token(3), v.token(4)));
    // Frequent words become single tokens; every alphabet character is in the vocabulary.
    for (String w : List.of("the", "whale", "chased")) {
      assertEquals(1, new WordPieceTokenizer(v).tokenize(w).size(), w + " should be one token");
    }
    assertEquals(true, v.contains("z") && v.contains("##b") && !v.contains("##z"));
    // Deterministic: the same input trains the same vocabulary.
    WordPieceTrainer again = new WordPieceTrainer(60, 2, 100);
    for (int i = 0; i < 50; i++) {
      again.addText("the whale swam; the whaler chased the whale.");
    }
    again.addText("zebra");
    assertEquals(v.sha256(), again.train().sha256());
  }
}
