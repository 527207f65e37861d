package io.tmr.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadTextTest {

  @Test
  void normalizeLowercasesDropsAsciiPunctuationArticlesAndExtraWhitespace() {
    assertEquals("denver broncos", SquadText.normalize("The Denver Broncos!"));
    assertEquals("apples", SquadText.normalize("An apple's"));
    assertEquals("theater", SquadText.normalize("  the\ttheater "));
    assertEquals("", SquadText.normalize("a an the A An The"));
    assertEquals("", SquadText.normalize("."));
    assertEquals("2410", SquadText.normalize("24-10"));
  }

  @Test
  void articlesAreRemovedOnlyAsWholeWords() {
    // "another", "theme", "banana" contain articles but are not articles.
    assertEquals("another theme banana", SquadText.normalize("another theme banana"));
    // Underscore is punctuation, removed before articles are looked for, so "_a_" leaves an
    // article.
    assertEquals("", SquadText.normalize("_a_"));
    // Digits are word characters: "a1" is one word.
    assertEquals("a1", SquadText.normalize("a1"));
  }

  @Test
  void nonAsciiPunctuationIsKept() {
    // En dash, curly quotes and the ellipsis are not in Python's string.punctuation.
    assertEquals("24\u201310", SquadText.normalize("24\u201310"));
    assertEquals("\u201cquoted\u201d", SquadText.normalize("\u201cQuoted\u201d"));
    assertEquals("wait\u2026", SquadText.normalize("Wait\u2026"));
  }

  @Test
  void unicodeWordBoundariesMatchPython() {
    // A combining mark is not a \w character, so "a" + U+0301 is the article "a" followed by a
    // mark.
    assertEquals("\u0301", SquadText.normalize("a\u0301"));
    // A precomposed letter is a word character: "\u00e1" is not an article.
    assertEquals("\u00e1", SquadText.normalize("\u00e1"));
    // Other-number characters (superscript two) are word characters: "a\u00b2" is one word.
    assertEquals("a\u00b2", SquadText.normalize("a\u00b2"));
    // A letter from outside the BMP joins the word.
    assertEquals("a\uD835\uDC00", SquadText.normalize("a\uD835\uDC00"));
  }

  @Test
  void unicodeWhitespaceSplitsLikePythonStrSplit() {
    // NBSP, ideographic space, NEL and the 0x1c-0x1f separators split; ZWSP and BOM do not.
    assertEquals("x y z w", SquadText.normalize("x\u00a0y\u3000z\u0085\u001cw"));
    assertEquals("x\u200by", SquadText.normalize("x\u200by"));
    assertEquals("x\ufeffy", SquadText.normalize("x\ufeffy"));
    assertEquals(List.of("x", "y"), SquadText.tokens("the x\u2003a y an"));
  }

  @Test
  void exactMatchComparesNormalizedStrings() {
    assertTrue(SquadText.exactMatch("the Denver Broncos.", "Denver Broncos"));
    assertFalse(SquadText.exactMatch("Denver", "Denver Broncos"));
    // Empty and punctuation-only both normalize to "".
    assertTrue(SquadText.exactMatch("", "."));
  }

  @Test
  void f1IsTheHarmonicMeanOfTokenOverlap() {
    // pred [cat, sat, on, mat], gold [cat, on, mat]: P = 3/4, R = 1, F1 = 6/7.
    assertEquals(6.0 / 7.0, SquadText.f1V1("the cat sat on the mat", "a cat on a mat"), 1e-15);
    // Multiset overlap: pred [x, y, y], gold [y, y, y, z]: 2 common, P = 2/3, R = 1/2, F1 = 4/7.
    assertEquals(4.0 / 7.0, SquadText.f1V1("x y y", "y y y z"), 1e-15);
    assertEquals(0.0, SquadText.f1V1("alpha", "beta"));
    assertEquals(1.0, SquadText.f1V1("The answer", "answer."));
  }

  @Test
  void emptyAnswersDifferBetweenV1AndV2() {
    // v1.1: no common token means 0, even for empty against empty.
    assertEquals(0.0, SquadText.f1V1("", "."));
    // v2.0: empty against empty is 1, empty against non-empty is 0.
    assertEquals(1.0, SquadText.f1V2("", "."));
    assertEquals(1.0, SquadText.f1V2("the", ""));
    assertEquals(0.0, SquadText.f1V2("", "cat"));
    assertEquals(0.0, SquadText.f1V2("cat", ""));
    assertEquals(6.0 / 7.0, SquadText.f1V2("the cat sat on the mat", "a cat on a mat"), 1e-15);
  }
}
