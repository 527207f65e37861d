package io.tmr.core.text;

import java.text.Normalizer;
import java.util.Locale;

/**
 * BERT's uncased text normalisation with an alignment back to the original string.
 *
 * <p>Steps, in HuggingFace {@code BertNormalizer}'s order: drop NUL, U+FFFD and "other" characters
 * (Unicode categories Cc, Cf, Cn, Co, Cs, except tab/newline/return), map Unicode white space to a
 * space, surround CJK ideographs with spaces, decompose (NFD) and drop non-spacing marks (Mn), then
 * lowercase character by character (no context-dependent rules such as the final sigma). Every
 * output char remembers the UTF-16 span {@code [start, end)} of the original code point it came
 * from.
 */
final class BertNormalizer {
  private BertNormalizer() {}

  /** A normalised text: {@code chars[0..length)} with original spans {@code start[i]..end[i]}. */
  static final class Normalized {
    char[] chars;
    int[] start;
    int[] end;
    int length;

    Normalized(int capacity) {
      chars = new char[capacity];
      start = new int[capacity];
      end = new int[capacity];
    }

    void add(char c, int s, int e) {
      if (length == chars.length) {
        int n = Math.max(16, length * 2);
        chars = java.util.Arrays.copyOf(chars, n);
        start = java.util.Arrays.copyOf(start, n);
        end = java.util.Arrays.copyOf(end, n);
      }
      chars[length] = c;
      start[length] = s;
      end[length] = e;
      length++;
    }
  }

  /** Receives the normalised-char range {@code [start, end)} of each word. */
  @FunctionalInterface
  interface WordSink {
    void word(int start, int end);
  }

  /**
   * BERT pre-tokenisation of normalised text: split on white space and make every punctuation
   * character a word of its own.
   */
  static void splitWords(Normalized norm, WordSink sink) {
    char[] c = norm.chars;
    int n = norm.length;
    int i = 0;
    while (i < n) {
      if (c[i] == ' ') {
        i++;
        continue;
      }
      int cp = Character.codePointAt(c, i, n);
      int cpLen = Character.charCount(cp);
      if (isPunctuation(cp)) {
        sink.word(i, i + cpLen);
        i += cpLen;
        continue;
      }
      int j = i + cpLen;
      while (j < n && c[j] != ' ') {
        int cpj = Character.codePointAt(c, j, n);
        if (isPunctuation(cpj)) {
          break;
        }
        j += Character.charCount(cpj);
      }
      sink.word(i, j);
      i = j;
    }
  }

  /**
   * Normalised, pre-tokenised words of {@code text} (what WordPiece sees), for vocabulary training.
   */
  static void forEachWord(String text, java.util.function.Consumer<String> sink) {
    Normalized norm = normalize(text);
    splitWords(norm, (s, e) -> sink.accept(new String(norm.chars, s, e - s)));
  }

  static Normalized normalize(String text) {
    Normalized out = new Normalized(text.length() + 16);
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c < 0x80) {
        // ASCII fast path: controls other than \t \n \r are dropped, white space becomes ' '.
        int next = i + 1;
        if (c == '\t' || c == '\n' || c == '\r' || c == ' ') {
          out.add(' ', i, next);
        } else if (c >= 0x20 && c != 0x7f) {
          out.add(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c, i, next);
        }
        i = next;
        continue;
      }
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      appendCodePoint(out, cp, i, next);
      i = next;
    }
    return out;
  }

  private static void appendCodePoint(Normalized out, int cp, int s, int e) {
    if (cp == 0 || cp == 0xFFFD || isOther(cp)) {
      return;
    }
    if (isWhiteSpace(cp)) {
      out.add(' ', s, e);
      return;
    }
    if (isCjk(cp)) {
      out.add(' ', s, e);
      appendChars(out, Character.toChars(cp), s, e);
      out.add(' ', s, e);
      return;
    }
    String decomposed =
        Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFD);
    for (int k = 0; k < decomposed.length(); ) {
      int d = decomposed.codePointAt(k);
      k += Character.charCount(d);
      if (Character.getType(d) == Character.NON_SPACING_MARK) {
        continue;
      }
      String lower = new String(Character.toChars(d)).toLowerCase(Locale.ROOT);
      appendChars(out, lower.toCharArray(), s, e);
    }
  }

  private static void appendChars(Normalized out, char[] chars, int s, int e) {
    for (char ch : chars) {
      out.add(ch, s, e);
    }
  }

  /** Unicode "Other" (C*) categories, as Rust's {@code unicode_categories::is_other}. */
  static boolean isOther(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE;
  }

  /** The Unicode White_Space property (Rust's {@code char::is_whitespace}). */
  static boolean isWhiteSpace(int cp) {
    return (cp >= 0x09 && cp <= 0x0D)
        || cp == 0x20
        || cp == 0x85
        || cp == 0xA0
        || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A)
        || cp == 0x2028
        || cp == 0x2029
        || cp == 0x202F
        || cp == 0x205F
        || cp == 0x3000;
  }

  /** CJK Unified Ideographs blocks, as in BERT's {@code _is_chinese_char}. */
  static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }

  /** BERT punctuation: ASCII punctuation or a Unicode P* category. */
  static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47)
        || (cp >= 58 && cp <= 64)
        || (cp >= 91 && cp <= 96)
        || (cp >= 123 && cp <= 126)) {
      return true;
    }
    if (cp < 0x80) {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONNECTOR_PUNCTUATION
        || type == Character.DASH_PUNCTUATION
        || type == Character.START_PUNCTUATION
        || type == Character.END_PUNCTUATION
        || type == Character.INITIAL_QUOTE_PUNCTUATION
        || type == Character.FINAL_QUOTE_PUNCTUATION
        || type == Character.OTHER_PUNCTUATION;
  }
}
