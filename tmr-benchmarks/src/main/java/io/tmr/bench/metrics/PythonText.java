package io.tmr.bench.metrics;

/**
 * The three pieces of CPython 3 {@code str} behaviour the official SQuAD scripts depend on, so that
 * answers normalize exactly as they do there:
 *
 * <ul>
 *   <li>{@code str.lower()}: full Unicode lowercasing, per code point, plus the one
 *       context-dependent rule CPython applies, Final_Sigma for U+03A3 (Java's {@code
 *       String.toLowerCase} decides final sigma by word-break boundaries instead, which differs,
 *       e.g. on {@code "A..Σ"});
 *   <li>{@code \w} of a {@code str} regex (used by {@code \b}): {@code str.isalnum()} or
 *       underscore, i.e. letters, and numbers of categories Nd, Nl and No; combining marks are not
 *       word characters;
 *   <li>{@code str.split()} whitespace.
 * </ul>
 *
 * Character properties come from the JDK, whose Unicode version (13.0 for Java 17) may be older
 * than the Python's (14.0 for 3.11): characters first assigned after 13.0 may classify differently.
 * For every code point assigned in Unicode 13 the results were checked equal to CPython 3.11.
 */
final class PythonText {

  private static final int CAPITAL_SIGMA = 0x03A3;
  private static final int SMALL_SIGMA = 0x03C3;
  private static final int FINAL_SIGMA = 0x03C2;
  private static final int CAPITAL_I_WITH_DOT = 0x0130;

  private PythonText() {}

  /** {@code s.lower()} in CPython 3. */
  static String lower(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (cp == CAPITAL_SIGMA) {
        out.appendCodePoint(isFinalSigma(s, i) ? FINAL_SIGMA : SMALL_SIGMA);
      } else if (cp == CAPITAL_I_WITH_DOT) {
        // The only unconditional multi-character lowercase mapping in SpecialCasing.txt.
        out.append("i\u0307");
      } else {
        out.appendCodePoint(Character.toLowerCase(cp));
      }
      i += Character.charCount(cp);
    }
    return out.toString();
  }

  /**
   * CPython's {@code handle_capital_sigma}: final when a cased letter precedes (skipping
   * case-ignorables) and no cased letter follows (skipping case-ignorables).
   */
  private static boolean isFinalSigma(String s, int at) {
    int j = at;
    int c = -1;
    while (j > 0) {
      c = s.codePointBefore(j);
      j -= Character.charCount(c);
      if (!isCaseIgnorable(c)) {
        break;
      }
      c = -1;
    }
    if (c < 0 || !isCased(c)) {
      return false;
    }
    for (int k = at + 1; k < s.length(); ) {
      int d = s.codePointAt(k);
      if (!isCaseIgnorable(d)) {
        return !isCased(d);
      }
      k += Character.charCount(d);
    }
    return true;
  }

  /** Unicode Cased: Lowercase, Uppercase (both including their Other_ properties) or Lt. */
  static boolean isCased(int cp) {
    return Character.isLowerCase(cp) || Character.isUpperCase(cp) || Character.isTitleCase(cp);
  }

  /**
   * Unicode Case_Ignorable: categories Mn, Me, Cf, Lm, Sk, or Word_Break MidLetter, MidNumLet or
   * Single_Quote (the JDK has no Word_Break property; those 17 characters are listed).
   */
  static boolean isCaseIgnorable(int cp) {
    switch (Character.getType(cp)) {
      case Character.NON_SPACING_MARK:
      case Character.ENCLOSING_MARK:
      case Character.FORMAT:
      case Character.MODIFIER_LETTER:
      case Character.MODIFIER_SYMBOL:
        return true;
      default:
        break;
    }
    switch (cp) {
      // Word_Break = MidLetter
      case 0x003A, 0x00B7, 0x0387, 0x055F, 0x05F4, 0x2027, 0xFE13, 0xFE55, 0xFF1A:
      // Word_Break = MidNumLet
      case 0x002E, 0x2018, 0x2019, 0x2024, 0xFE52, 0xFF07, 0xFF0E:
      // Word_Break = Single_Quote
      case 0x0027:
        return true;
      default:
        return false;
    }
  }

  /** Whether {@code cp} matches {@code \w} in a CPython 3 {@code str} pattern. */
  static boolean isWordChar(int cp) {
    if (cp == '_' || Character.isLetter(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** Whether {@code str.split()} splits at {@code cp} ({@code Py_UNICODE_ISSPACE}). */
  static boolean isSpace(int cp) {
    switch (cp) {
      case 0x09,
      0x0A,
      0x0B,
      0x0C,
      0x0D,
      0x1C,
      0x1D,
      0x1E,
      0x1F,
      0x20,
      0x85,
      0xA0,
      0x1680,
      0x2000,
      0x2001,
      0x2002,
      0x2003,
      0x2004,
      0x2005,
      0x2006,
      0x2007,
      0x2008,
      0x2009,
      0x200A,
      0x2028,
      0x2029,
      0x202F,
      0x205F,
      0x3000:
        return true;
      default:
        return false;
    }
  }
}
