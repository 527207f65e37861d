package io.tmr.bench.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The official SQuAD answer comparison ({@code evaluate-v1.1.py} and {@code evaluate-v2.0.py}).
 *
 * <p>{@link #normalize}: lowercase ({@code str.lower()}), delete every ASCII punctuation character
 * ({@code string.punctuation}), replace each whole word {@code a}, {@code an}, {@code the} by a
 * space ({@code re.sub(r'\b(a|an|the)\b', ' ', s)}), then collapse whitespace ({@code '
 * '.join(s.split())}), with Python's Unicode semantics throughout (see {@link PythonText}).
 */
public final class SquadText {

  private static final String ASCII_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private SquadText() {}

  /** {@code normalize_answer(s)}. */
  public static String normalize(String s) {
    return collapseWhitespace(removeArticles(removePunctuation(PythonText.lower(s))));
  }

  /** {@code normalize_answer(s).split()}: the tokens F1 counts. */
  public static List<String> tokens(String s) {
    String normalized = normalize(s);
    return normalized.isEmpty() ? List.of() : List.of(normalized.split(" "));
  }

  /** {@code exact_match_score} / {@code compute_exact}: 1 when the normalized strings are equal. */
  public static boolean exactMatch(String prediction, String gold) {
    return normalize(prediction).equals(normalize(gold));
  }

  /**
   * {@code f1_score} of {@code evaluate-v1.1.py}: 0 when no token is shared, which includes an
   * empty prediction against an empty gold (EM counts that pair as a match, F1 does not).
   */
  public static double f1V1(String prediction, String gold) {
    return f1(tokens(prediction), tokens(gold), false);
  }

  /**
   * {@code compute_f1} of {@code evaluate-v2.0.py}: when either side has no tokens the score is 1
   * if both have none, else 0; otherwise as v1.1.
   */
  public static double f1V2(String prediction, String gold) {
    return f1(tokens(prediction), tokens(gold), true);
  }

  private static double f1(List<String> predicted, List<String> gold, boolean emptyMatchesEmpty) {
    if (emptyMatchesEmpty && (predicted.isEmpty() || gold.isEmpty())) {
      return predicted.equals(gold) ? 1 : 0;
    }
    int common = commonTokens(predicted, gold);
    if (common == 0) {
      return 0;
    }
    // Same operation order as the script, so results agree bit for bit.
    double precision = 1.0 * common / predicted.size();
    double recall = 1.0 * common / gold.size();
    return (2 * precision * recall) / (precision + recall);
  }

  /** {@code sum((Counter(a) & Counter(b)).values())}: the size of the multiset intersection. */
  private static int commonTokens(List<String> a, List<String> b) {
    Map<String, Integer> counts = new HashMap<>();
    for (String t : a) {
      counts.merge(t, 1, Integer::sum);
    }
    int common = 0;
    for (String t : b) {
      Integer n = counts.get(t);
      if (n != null && n > 0) {
        common++;
        counts.put(t, n - 1);
      }
    }
    return common;
  }

  private static String removePunctuation(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (ASCII_PUNCTUATION.indexOf(c) < 0) {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * {@code \b(a|an|the)\b} can only match a maximal run of word characters (a boundary before its
   * first and after its last character), so this replaces every such run that is exactly an
   * article.
   */
  private static String removeArticles(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (!PythonText.isWordChar(cp)) {
        out.appendCodePoint(cp);
        i += Character.charCount(cp);
        continue;
      }
      int end = i;
      while (end < s.length() && PythonText.isWordChar(s.codePointAt(end))) {
        end += Character.charCount(s.codePointAt(end));
      }
      String word = s.substring(i, end);
      out.append(word.equals("a") || word.equals("an") || word.equals("the") ? " " : word);
      i = end;
    }
    return out.toString();
  }

  private static String collapseWhitespace(String s) {
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (PythonText.isSpace(cp)) {
        if (start >= 0) {
          words.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      words.add(s.substring(start));
    }
    return String.join(" ", words);
  }
}
