package io.tmr.bench.finetune;

import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaArticle;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaParagraph;
import io.tmr.bench.task.QaQuestion;
import io.tmr.core.tensor.RandomStream;
import io.tmr.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * A learnable SQuAD-format toy: each context is filler words with one colour word somewhere (the
 * answer to "which colour ?"); in the 2.0 variant every third context has no colour (no answer).
 * Contexts of 15 words need two windows at length 16.
 */
final class ToySquad {
  static final List<String> COLOURS = List.of("red", "blue", "green", "amber");
  static final Vocabulary VOCAB = vocabulary();

  private ToySquad() {}

  private static Vocabulary vocabulary() {
    List<String> words = new ArrayList<>(List.of("which", "colour"));
    words.addAll(COLOURS);
    for (int i = 0; i < 24; i++) {
      words.add("f" + i);
    }
    return TinyModels.vocabulary(words);
  }

  /** {@code articles} articles of 10 paragraphs with one question each. */
  static QaDataset dataset(String version, int articles, long seed, boolean withImpossible) {
    RandomStream random = new RandomStream(seed);
    List<QaArticle> out = new ArrayList<>();
    int id = 0;
    for (int a = 0; a < articles; a++) {
      List<QaParagraph> paragraphs = new ArrayList<>();
      for (int p = 0; p < 10; p++) {
        boolean impossible = withImpossible && id % 3 == 2;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
          words.add("f" + random.nextInt(24));
        }
        String colour = COLOURS.get(random.nextInt(COLOURS.size()));
        int at = random.nextInt(15);
        if (!impossible) {
          words.add(at, colour);
        }
        String context = String.join(" ", words);
        List<QaAnswer> answers = new ArrayList<>();
        if (!impossible) {
          int start = offsetOfWord(words, at);
          answers.add(new QaAnswer(colour, start, start, start + colour.length()));
        }
        QaQuestion q = new QaQuestion("q" + id++, "which colour ?", answers, impossible, List.of());
        paragraphs.add(new QaParagraph(context, List.of(q)));
      }
      out.add(new QaArticle("article-" + a, paragraphs));
    }
    return new QaDataset(version, out);
  }

  private static int offsetOfWord(List<String> words, int index) {
    int offset = 0;
    for (int i = 0; i < index; i++) {
      offset += words.get(i).length() + 1;
    }
    return offset;
  }
}
