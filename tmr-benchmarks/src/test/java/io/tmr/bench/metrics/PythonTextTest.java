package io.tmr.bench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class PythonTextTest {

  @Test
  void lowerAgreesWithJavaPerCodePointExceptFinalSigma() {
    // Lowercasing one code point alone has no context, so Java's String.toLowerCase is the
    // reference there (its final-sigma rule never fires on a lone character).
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        continue;
      }
      String s = new String(Character.toChars(cp));
      String expected = s.toLowerCase(Locale.ROOT);
      String actual = PythonText.lower(s);
      if (!expected.equals(actual)) {
        assertEquals(expected, actual, "code point " + Integer.toHexString(cp));
      }
    }
  }

  @Test
  void dottedCapitalIExpandsToTwoCharacters() {
    assertEquals("i\u0307stanbul", PythonText.lower("\u0130STANBUL"));
  }

  @Test
  void finalSigmaFollowsPythonsCaseIgnorableRule() {
    assertEquals(
        "\u03bf\u03b4\u03bf\u03c2", PythonText.lower("\u039f\u0394\u039f\u03a3")); // ΟΔΟΣ -> οδος
    assertEquals("\u03c3", PythonText.lower("\u03a3")); // alone: not final
    assertEquals("a \u03c3", PythonText.lower("A \u03a3")); // space is not case-ignorable
    assertEquals("a\u03c3b", PythonText.lower("A\u03a3B")); // cased letter follows
    assertEquals("a\u03c2.", PythonText.lower("A\u03a3.")); // followed by a non-cased character
    // Two full stops are case-ignorable for Python; Java's word-break rule makes this a non-final
    // sigma.
    assertEquals("a..\u03c2", PythonText.lower("A..\u03a3"));
    assertEquals("a..\u03c3", "A..\u03a3".toLowerCase(Locale.ROOT));
    // Skipping case-ignorables after the sigma too: "'" then a cased letter means not final.
    assertEquals("a\u03c3'b", PythonText.lower("A\u03a3'B"));
  }

  @Test
  void wordBreakMidLetterMidNumLetAndSingleQuoteAreCaseIgnorable() {
    // The JDK has no Word_Break property; these are listed by hand, so each is checked.
    int[] listed = {
      0x3A, 0xB7, 0x387, 0x55F, 0x5F4, 0x2027, 0xFE13, 0xFE55, 0xFF1A, 0x2E, 0x2018, 0x2019, 0x2024,
      0xFE52, 0xFF07, 0xFF0E, 0x27
    };
    for (int cp : listed) {
      String mark = new String(Character.toChars(cp));
      assertEquals(
          "a" + mark + "\u03c2", PythonText.lower("A" + mark + "\u03a3"), Integer.toHexString(cp));
    }
    // A hyphen is not case-ignorable: the sigma after "A-" has no cased letter before it.
    assertEquals("a-\u03c3", PythonText.lower("A-\u03a3"));
    // Category-based ignorables: combining acute (Mn), soft hyphen (Cf), modifier letter (Lm).
    assertEquals("a\u0301\u00ad\u02b0\u03c2", PythonText.lower("A\u0301\u00ad\u02b0\u03a3"));
  }

  @Test
  void wordCharactersAreAlphanumericOrUnderscore() {
    assertTrue(PythonText.isWordChar('_'));
    assertTrue(PythonText.isWordChar('\u00e9'));
    assertTrue(PythonText.isWordChar('\u0663')); // Arabic-indic digit three (Nd)
    assertTrue(PythonText.isWordChar('\u2167')); // Roman numeral eight (Nl)
    assertTrue(PythonText.isWordChar('\u00bd')); // vulgar fraction one half (No)
    assertFalse(PythonText.isWordChar('\u0301')); // combining acute (Mn)
    assertFalse(PythonText.isWordChar('-'));
    assertFalse(PythonText.isWordChar('\u00a0'));
  }

  @Test
  void whitespaceIsPythonsSetNotJavas() {
    assertTrue(PythonText.isSpace('\u00a0')); // Java's isWhitespace says no
    assertTrue(PythonText.isSpace('\u0085'));
    assertTrue(PythonText.isSpace('\u202f'));
    assertFalse(PythonText.isSpace('\u200b'));
    int count = 0;
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (PythonText.isSpace(cp)) {
        count++;
      }
    }
    assertEquals(29, count, "CPython 3 str.isspace() is true for exactly 29 code points");
  }
}
