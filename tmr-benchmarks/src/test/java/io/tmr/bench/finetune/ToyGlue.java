package io.tmr.bench.finetune;

import io.tmr.core.tensor.RandomStream;
import io.tmr.core.text.Vocabulary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Small learnable tasks in the real GLUE file layouts, so the real task classes read them:
 *
 * <ul>
 *   <li>RTE: the pair is {@code entailment} exactly when the second sentence contains "yes" (else
 *       it contains "no"), among random filler words;
 *   <li>STS-B: the score is 4 ± 0.5 when the second sentence contains "same", 1 ± 0.5 otherwise.
 * </ul>
 */
final class ToyGlue {
  static final List<String> WORDS = words();
  static final Vocabulary VOCAB = TinyModels.vocabulary(WORDS);

  private ToyGlue() {}

  private static List<String> words() {
    List<String> w = new ArrayList<>(List.of("yes", "no", "same"));
    for (int i = 0; i < 24; i++) {
      w.add("w" + i);
    }
    return w;
  }

  /**
   * Writes {@code root/RTE/{train,dev,test}.tsv} (test: the dev size, unlabeled) and {@code
   * root/STS-B/{train,dev}.tsv}; returns root.
   */
  static Path write(Path root, int train, int dev, long seed) throws IOException {
    RandomStream random = new RandomStream(seed);
    writeRte(root.resolve("RTE/train.tsv"), train, random);
    writeRte(root.resolve("RTE/dev.tsv"), dev, random);
    writeRteTest(root.resolve("RTE/test.tsv"), dev, random);
    writeStsb(root.resolve("STS-B/train.tsv"), train, random);
    writeStsb(root.resolve("STS-B/dev.tsv"), dev, random);
    return root;
  }

  private static String fillers(int n, RandomStream random) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("w" + random.nextInt(24));
    }
    return String.join(" ", out);
  }

  private static String withWord(String word, RandomStream random) {
    List<String> out = new ArrayList<>(List.of(fillers(3, random).split(" ")));
    out.add(random.nextInt(4), word);
    return String.join(" ", out) + " .";
  }

  private static void writeRte(Path file, int n, RandomStream random) throws IOException {
    StringBuilder b = new StringBuilder("index\tsentence1\tsentence2\tlabel\n");
    for (int i = 0; i < n; i++) {
      boolean yes = random.nextInt(2) == 0;
      b.append(i)
          .append('\t')
          .append(fillers(5, random))
          .append('\t')
          .append(withWord(yes ? "yes" : "no", random))
          .append('\t')
          .append(yes ? "entailment" : "not_entailment")
          .append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  private static void writeRteTest(Path file, int n, RandomStream random) throws IOException {
    StringBuilder b = new StringBuilder("index\tsentence1\tsentence2\n");
    for (int i = 0; i < n; i++) {
      b.append(i)
          .append('\t')
          .append(fillers(5, random))
          .append('\t')
          .append(withWord(random.nextInt(2) == 0 ? "yes" : "no", random))
          .append('\n');
    }
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }

  private static void writeStsb(Path file, int n, RandomStream random) throws IOException {
    StringBuilder b =
        new StringBuilder(
            "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n");
    for (int i = 0; i < n; i++) {
      boolean same = random.nextInt(2) == 0;
      double score = (same ? 4.0 : 1.0) + (random.nextDouble() - 0.5);
      b.append(i)
          .append("\ttoy\ttoy\t2024\t")
          .append(i)
          .append("\tnone\tnone\t")
          .append(fillers(4, random))
          .append('\t')
          .append(withWord(same ? "same" : "w" + random.nextInt(24), random))
          .append('\t')
          .append(String.format(Locale.ROOT, "%.3f", score))
          .append('\n');
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
  }
}
