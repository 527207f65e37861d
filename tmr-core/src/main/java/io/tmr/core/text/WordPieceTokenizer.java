package io.tmr.core.text;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * BERT-compatible uncased WordPiece tokenizer.
 *
 * <ol>
 *   <li>Special tokens ({@code [CLS]}, {@code [SEP]}, {@code [MASK]}, {@code [PAD]}, {@code [UNK]})
 *       written literally in the input are kept whole, as HuggingFace's added tokens are.
 *   <li>{@link BertNormalizer}: clean control characters, white space to space, CJK ideographs as
 *       words, NFD accent stripping, lowercasing.
 *   <li>Pre-tokenisation: split on white space and isolate every punctuation character.
 *   <li>WordPiece: greedy longest-match-first with the {@code ##} continuation prefix; a word
 *       longer than {@link #maxInputCharsPerWord} code points, or one that cannot be covered by
 *       vocabulary pieces, becomes a single {@code [UNK]}.
 * </ol>
 *
 * <p>Thread-safe and immutable.
 */
public final class WordPieceTokenizer {
  public static final String CONTINUATION_PREFIX = "##";
  public static final int DEFAULT_MAX_INPUT_CHARS_PER_WORD = 100;

  private final Vocabulary vocab;
  private final int maxInputCharsPerWord;
  private final int unkId;
  private final int clsId;
  private final int sepId;
  private final int padId;
  private final List<String> literalSpecials;

  public WordPieceTokenizer(Vocabulary vocab) {
    this(vocab, DEFAULT_MAX_INPUT_CHARS_PER_WORD);
  }

  public WordPieceTokenizer(Vocabulary vocab, int maxInputCharsPerWord) {
    Preconditions.checkArgument(maxInputCharsPerWord > 0, "maxInputCharsPerWord must be positive");
    this.vocab = vocab;
    this.maxInputCharsPerWord = maxInputCharsPerWord;
    this.unkId = vocab.unkId();
    this.clsId = vocab.clsId();
    this.sepId = vocab.sepId();
    this.padId = vocab.padId();
    this.literalSpecials = Vocabulary.SPECIAL_TOKENS;
  }

  public Vocabulary vocabulary() {
    return vocab;
  }

  public int maxInputCharsPerWord() {
    return maxInputCharsPerWord;
  }

  /** WordPiece ids of {@code text} with their spans in {@code text}. */
  public TokenSpans tokenize(String text) {
    TokenSpans.Builder out = new TokenSpans.Builder();
    int from = 0;
    int bracket = text.indexOf('[');
    while (bracket >= 0) {
      String special = specialAt(text, bracket);
      if (special != null) {
        tokenizeSegment(text, from, bracket, out);
        out.add(vocab.id(special), bracket, bracket + special.length());
        from = bracket + special.length();
        bracket = text.indexOf('[', from);
      } else {
        bracket = text.indexOf('[', bracket + 1);
      }
    }
    tokenizeSegment(text, from, text.length(), out);
    return out.build();
  }

  /** Ids only, for callers that do not need offsets. */
  public int[] ids(String text) {
    return tokenize(text).ids();
  }

  private String specialAt(String text, int at) {
    for (String s : literalSpecials) {
      if (text.startsWith(s, at)) {
        return s;
      }
    }
    return null;
  }

  private void tokenizeSegment(String text, int from, int to, TokenSpans.Builder out) {
    if (from >= to) {
      return;
    }
    String segment = from == 0 && to == text.length() ? text : text.substring(from, to);
    BertNormalizer.Normalized norm = BertNormalizer.normalize(segment);
    BertNormalizer.splitWords(norm, (ws, we) -> wordPiece(norm, ws, we, from, out));
  }

  /** Greedy longest-match-first WordPiece over the normalised chars {@code [ws, we)}. */
  private void wordPiece(
      BertNormalizer.Normalized norm, int ws, int we, int shift, TokenSpans.Builder out) {
    char[] c = norm.chars;
    int wordStart = norm.start[ws] + shift;
    int wordEnd = norm.end[we - 1] + shift;
    if (Character.codePointCount(c, ws, we - ws) > maxInputCharsPerWord) {
      out.add(unkId, wordStart, wordEnd);
      return;
    }
    int mark = out.n();
    int start = ws;
    int maxChars = vocab.maxTokenChars();
    while (start < we) {
      boolean continuation = start > ws;
      int prefixLen = continuation ? CONTINUATION_PREFIX.length() : 0;
      int end = Math.min(we, start + Math.max(1, maxChars - prefixLen));
      int found = -1;
      while (end > start) {
        if (!(end < we
            && Character.isLowSurrogate(c[end])
            && Character.isHighSurrogate(c[end - 1]))) {
          String piece =
              continuation
                  ? CONTINUATION_PREFIX + new String(c, start, end - start)
                  : new String(c, start, end - start);
          int id = vocab.id(piece);
          if (id >= 0) {
            found = id;
            break;
          }
        }
        end--;
      }
      if (found < 0) {
        out.truncate(mark);
        out.add(unkId, wordStart, wordEnd);
        return;
      }
      out.add(found, norm.start[start] + shift, norm.end[end - 1] + shift);
      start = end;
    }
  }

  /** Encodes one text as {@code [CLS] A [SEP]}. */
  public Encoding encode(String a, int maxLength, Truncation truncation, boolean padToMax) {
    return encode(tokenize(a), null, maxLength, truncation, padToMax);
  }

  /** Encodes a pair as {@code [CLS] A [SEP] B [SEP]}. */
  public Encoding encode(
      String a, String b, int maxLength, Truncation truncation, boolean padToMax) {
    return encode(tokenize(a), b == null ? null : tokenize(b), maxLength, truncation, padToMax);
  }

  /**
   * Assembles {@code [CLS] A [SEP] (B [SEP])}, truncating to {@code maxLength} with the given
   * strategy and padding with {@code [PAD]} to {@code maxLength} when asked.
   */
  public Encoding encode(
      TokenSpans a, TokenSpans b, int maxLength, Truncation truncation, boolean padToMax) {
    int special = b == null ? 2 : 3;
    Preconditions.checkArgument(
        maxLength > special, "maxLength %s leaves no room for text", maxLength);
    int budget = maxLength - special;
    int na = a.size();
    int nb = b == null ? 0 : b.size();
    if (na + nb > budget) {
      switch (truncation) {
        case NONE ->
            throw new IllegalArgumentException(
                "sequence of "
                    + (na + nb + special)
                    + " tokens exceeds maxLength "
                    + maxLength
                    + " and truncation is NONE");
        case ONLY_FIRST -> {
          Preconditions.checkArgument(
              nb < budget, "segment B alone (%s tokens) exceeds maxLength %s", nb, maxLength);
          na = budget - nb;
        }
        case ONLY_SECOND -> {
          Preconditions.checkArgument(
              b != null && na < budget,
              "segment A alone (%s tokens) exceeds maxLength %s",
              na,
              maxLength);
          nb = budget - na;
        }
        case LONGEST_FIRST -> {
          if (b == null) {
            na = budget;
          } else {
            int[] kept = longestFirst(na, nb, budget);
            na = kept[0];
            nb = kept[1];
          }
        }
      }
    }
    int len = na + nb + special;
    int size = padToMax ? maxLength : len;
    int[] ids = new int[size];
    int[] types = new int[size];
    int[] mask = new int[size];
    int[] specialMask = new int[size];
    int[] starts = new int[size];
    int[] ends = new int[size];
    int[] seq = new int[size];
    java.util.Arrays.fill(seq, -1);
    java.util.Arrays.fill(specialMask, 1);
    int p = 0;
    ids[p++] = clsId;
    for (int i = 0; i < na; i++, p++) {
      ids[p] = a.id(i);
      starts[p] = a.start(i);
      ends[p] = a.end(i);
      specialMask[p] = 0;
      seq[p] = 0;
    }
    ids[p++] = sepId;
    if (b != null) {
      for (int i = 0; i < nb; i++, p++) {
        ids[p] = b.id(i);
        types[p] = 1;
        starts[p] = b.start(i);
        ends[p] = b.end(i);
        specialMask[p] = 0;
        seq[p] = 1;
      }
      types[p] = 1;
      ids[p++] = sepId;
    }
    java.util.Arrays.fill(mask, 0, p, 1);
    for (; p < size; p++) {
      ids[p] = padId;
    }
    return new Encoding(ids, types, mask, specialMask, starts, ends, seq, len);
  }

  /**
   * Lengths kept by longest-first truncation, exactly as HuggingFace tokenizers computes them: the
   * shorter segment is kept whole when the longer one can absorb the cut; otherwise both are cut to
   * half the budget, the longer (B on a tie) getting the odd token.
   */
  static int[] longestFirst(int na, int nb, int budget) {
    if (na + nb <= budget) {
      return new int[] {na, nb};
    }
    boolean swap = na > nb;
    int shorter = swap ? nb : na;
    int longer;
    if (shorter > budget) {
      longer = shorter;
    } else {
      longer = Math.max(shorter, budget - shorter);
    }
    if (shorter + longer > budget) {
      shorter = budget / 2;
      longer = shorter + budget % 2;
    }
    return swap ? new int[] {longer, shorter} : new int[] {shorter, longer};
  }
}
