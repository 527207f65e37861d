package io.tmr.models.data;

import io.tmr.core.tensor.RandomStream;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTokenizer;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ELECTRA's example construction, ported from {@code build_pretraining_dataset.py}: the sentences
 * of a document are tokenized and accumulated until they reach the target length, then cut into
 * segment A (about {@code (L-3)/2} tokens, or everything with probability {@code
 * singleSegmentProb}) and segment B; examples never cross documents; with probability {@code
 * shortSeqProb} the next target length is drawn uniformly from [5, L]. Sentences are the lines of a
 * document, split further with {@link BreakIterator}'s US-English sentence rules.
 */
public final class ExampleBuilder {
  private final WordPieceTokenizer tokenizer;
  private final ExampleBuilderConfig config;
  private final RandomStream random;
  private final PackedExamples out;
  private final List<int[]> current = new ArrayList<>();
  private int currentLength;
  private int targetLength;
  private final int[] scratchIds;
  private final int[] scratchSegments;

  public ExampleBuilder(WordPieceTokenizer tokenizer, ExampleBuilderConfig config, long seed) {
    this.tokenizer = tokenizer;
    this.config = config;
    this.random = new RandomStream(seed);
    this.out = new PackedExamples(config.seqLength(), 1024);
    this.targetLength = config.seqLength();
    this.scratchIds = new int[config.seqLength()];
    this.scratchSegments = new int[config.seqLength()];
  }

  /** Adds a whole document; examples never span two documents. */
  public void addDocument(String text) {
    for (String line : text.split("\n")) {
      for (String sentence : sentences(line)) {
        int[] ids = tokenizer.ids(sentence);
        if (ids.length > 0) {
          addSentence(ids);
        }
      }
    }
    if (currentLength > 0) {
      createExample();
    }
  }

  public PackedExamples examples() {
    return out;
  }

  static List<String> sentences(String line) {
    List<String> out = new ArrayList<>();
    if (line.isBlank()) {
      return out;
    }
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.US);
    it.setText(line);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      String s = line.substring(start, end).strip();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private void addSentence(int[] ids) {
    current.add(ids);
    currentLength += ids.length;
    if (currentLength >= targetLength) {
      createExample();
    }
  }

  private void createExample() {
    int maxLength = config.seqLength();
    int firstTarget =
        random.nextDouble() < config.singleSegmentProb()
            ? Integer.MAX_VALUE
            : (targetLength - 3) / 2;
    List<Integer> first = new ArrayList<>();
    List<Integer> second = new ArrayList<>();
    for (int[] sentence : current) {
      if (first.isEmpty()
          || first.size() + sentence.length < firstTarget
          || (second.isEmpty() && first.size() < firstTarget && random.nextDouble() < 0.5)) {
        for (int id : sentence) {
          first.add(id);
        }
      } else {
        for (int id : sentence) {
          second.add(id);
        }
      }
    }
    int na = Math.min(first.size(), maxLength - 2);
    int nb = Math.min(second.size(), Math.max(0, maxLength - na - 3));
    Vocabulary v = tokenizer.vocabulary();
    int p = 0;
    scratchIds[p] = v.clsId();
    scratchSegments[p++] = 0;
    for (int i = 0; i < na; i++) {
      scratchIds[p] = first.get(i);
      scratchSegments[p++] = 0;
    }
    scratchIds[p] = v.sepId();
    scratchSegments[p++] = 0;
    if (nb > 0) {
      for (int i = 0; i < nb; i++) {
        scratchIds[p] = second.get(i);
        scratchSegments[p++] = 1;
      }
      scratchIds[p] = v.sepId();
      scratchSegments[p++] = 1;
    }
    out.add(scratchIds, scratchSegments, p);
    current.clear();
    currentLength = 0;
    targetLength =
        random.nextDouble() < config.shortSeqProb() ? 5 + random.nextInt(maxLength - 4) : maxLength;
  }
}
