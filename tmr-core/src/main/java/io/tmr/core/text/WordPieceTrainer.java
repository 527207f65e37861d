package io.tmr.core.text;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Trains a WordPiece vocabulary from text, the way HuggingFace's {@code WordPieceTrainer} does:
 * byte pair encoding over BERT-pre-tokenised words, with the {@code ##} prefix on every symbol that
 * does not start a word.
 *
 * <ol>
 *   <li>Count words (after {@link BertNormalizer} and BERT pre-tokenisation).
 *   <li>Alphabet: the {@code limitAlphabet} most frequent characters (ties by code point); words
 *       with other characters lose them. Each word starts as its characters, {@code c1 ##c2 ##c3
 *       ...}.
 *   <li>Repeatedly merge the adjacent symbol pair with the highest total count (weighted by word
 *       frequency; ties broken by the lexicographically smallest merged token, so training is
 *       deterministic), adding the merged symbol to the vocabulary, until the vocabulary has {@code
 *       size} entries or no pair occurs {@code minFrequency} times.
 * </ol>
 *
 * The vocabulary is: the special tokens, the alphabet (word-initial forms, then {@code ##} forms),
 * then merges in the order they were made.
 */
public final class WordPieceTrainer {
  private final int size;
  private final int minFrequency;
  private final int limitAlphabet;
  private final Map<String, long[]> wordCounts = new HashMap<>();

  public WordPieceTrainer(int size, int minFrequency, int limitAlphabet) {
    Preconditions.checkArgument(
        size > Vocabulary.SPECIAL_TOKENS.size(), "vocabulary size %s is too small", size);
    Preconditions.checkArgument(minFrequency >= 1, "minFrequency must be >= 1");
    Preconditions.checkArgument(limitAlphabet >= 1, "limitAlphabet must be >= 1");
    this.size = size;
    this.minFrequency = minFrequency;
    this.limitAlphabet = limitAlphabet;
  }

  /** Counts the words of one text. */
  public void addText(String text) {
    BertNormalizer.forEachWord(text, w -> wordCounts.computeIfAbsent(w, k -> new long[1])[0]++);
  }

  public int distinctWords() {
    return wordCounts.size();
  }

  /** Runs the merges and returns the vocabulary. */
  public Vocabulary train() {
    // 1. Alphabet.
    Map<Integer, Long> charCounts = new HashMap<>();
    for (Map.Entry<String, long[]> e : wordCounts.entrySet()) {
      e.getKey().codePoints().forEach(cp -> charCounts.merge(cp, e.getValue()[0], Long::sum));
    }
    List<Integer> alphabet = new ArrayList<>(charCounts.keySet());
    alphabet.sort(
        Comparator.<Integer>comparingLong(charCounts::get)
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    Set<Integer> kept =
        new HashSet<>(alphabet.subList(0, Math.min(limitAlphabet, alphabet.size())));

    // 2. Symbols and words as symbol-id arrays.
    LinkedHashMap<String, Integer> symbolIds = new LinkedHashMap<>();
    List<String> symbols = new ArrayList<>();
    for (String sp : Vocabulary.SPECIAL_TOKENS) {
      intern(sp, symbolIds, symbols);
    }
    List<String> words = new ArrayList<>(wordCounts.keySet());
    words.sort(Comparator.naturalOrder()); // deterministic word order
    int[][] seqs = new int[words.size()][];
    long[] freq = new long[words.size()];
    // Word-initial forms first, then ## forms: a stable, readable vocabulary layout.
    List<Integer> sortedKept = new ArrayList<>(kept);
    sortedKept.sort(Comparator.naturalOrder());
    for (int cp : sortedKept) {
      intern(new String(Character.toChars(cp)), symbolIds, symbols);
    }
    for (int w = 0; w < words.size(); w++) {
      int[] cps = words.get(w).codePoints().filter(kept::contains).toArray();
      int[] seq = new int[cps.length];
      for (int i = 0; i < cps.length; i++) {
        String s = new String(Character.toChars(cps[i]));
        seq[i] =
            intern(i == 0 ? s : WordPieceTokenizer.CONTINUATION_PREFIX + s, symbolIds, symbols);
      }
      seqs[w] = seq;
      freq[w] = wordCounts.get(words.get(w))[0];
    }

    // 3. Pair counts, the words each pair occurs in, and a max-heap with lazy invalidation.
    Map<Long, long[]> pairCounts = new HashMap<>();
    Map<Long, Set<Integer>> pairWords = new HashMap<>();
    for (int w = 0; w < seqs.length; w++) {
      countPairs(seqs[w], freq[w], w, pairCounts, pairWords, +1);
    }
    PriorityQueue<long[]> heap =
        new PriorityQueue<>(
            (x, y) -> {
              int c = Long.compare(y[0], x[0]);
              return c != 0 ? c : merged(x[1], symbols).compareTo(merged(y[1], symbols));
            });
    pairCounts.forEach((pair, count) -> heap.add(new long[] {count[0], pair}));

    while (symbols.size() < size && !heap.isEmpty()) {
      long[] top = heap.poll();
      long[] current = pairCounts.get(top[1]);
      if (current == null || current[0] != top[0]) {
        continue; // stale heap entry
      }
      if (top[0] < minFrequency) {
        break;
      }
      long pair = top[1];
      int a = (int) (pair >>> 32);
      int b = (int) pair;
      String token = merged(pair, symbols);
      int before = symbols.size();
      int m = intern(token, symbolIds, symbols);
      Set<Integer> affected = pairWords.remove(pair);
      pairCounts.remove(pair);
      Set<Long> touched = new HashSet<>();
      for (int w : affected) {
        int[] seq = seqs[w];
        countPairs(seq, freq[w], w, pairCounts, pairWords, -1, touched);
        seqs[w] = mergeInWord(seq, a, b, m);
        countPairs(seqs[w], freq[w], w, pairCounts, pairWords, +1, touched);
      }
      touched.remove(pair);
      for (long t : touched) {
        long[] c = pairCounts.get(t);
        if (c != null && c[0] > 0) {
          heap.add(new long[] {c[0], t});
        }
      }
      if (symbols.size() == before) {
        continue; // merged token already existed (e.g. as an alphabet entry)
      }
    }
    return Vocabulary.of(symbols);
  }

  private static String merged(long pair, List<String> symbols) {
    String a = symbols.get((int) (pair >>> 32));
    String b = symbols.get((int) pair);
    return a + b.substring(WordPieceTokenizer.CONTINUATION_PREFIX.length());
  }

  private static int intern(String s, Map<String, Integer> ids, List<String> symbols) {
    Integer id = ids.get(s);
    if (id != null) {
      return id;
    }
    ids.put(s, symbols.size());
    symbols.add(s);
    return symbols.size() - 1;
  }

  private static void countPairs(
      int[] seq, long f, int w, Map<Long, long[]> counts, Map<Long, Set<Integer>> where, int sign) {
    countPairs(seq, f, w, counts, where, sign, null);
  }

  private static void countPairs(
      int[] seq,
      long f,
      int w,
      Map<Long, long[]> counts,
      Map<Long, Set<Integer>> where,
      int sign,
      Set<Long> touched) {
    for (int i = 0; i + 1 < seq.length; i++) {
      long pair = ((long) seq[i] << 32) | (seq[i + 1] & 0xffffffffL);
      long[] c = counts.computeIfAbsent(pair, k -> new long[1]);
      c[0] += sign * f;
      if (sign > 0) {
        where.computeIfAbsent(pair, k -> new HashSet<>()).add(w);
      } else if (c[0] <= 0) {
        counts.remove(pair);
        where.remove(pair);
      }
      if (touched != null) {
        touched.add(pair);
      }
    }
  }

  private static int[] mergeInWord(int[] seq, int a, int b, int m) {
    int[] out = new int[seq.length];
    int n = 0;
    for (int i = 0; i < seq.length; i++) {
      if (i + 1 < seq.length && seq[i] == a && seq[i + 1] == b) {
        out[n++] = m;
        i++;
      } else {
        out[n++] = seq[i];
      }
    }
    return Arrays.copyOf(out, n);
  }
}
