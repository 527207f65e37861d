package io.tmr.models.pretrain;

import io.tmr.core.corpus.CorpusBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A small real corpus for trainer tests, 40 sentences per document: SST-2 training sentences from
 * {@code ../shared/data} when present, else the Moby-Dick sentences in the repository's {@code
 * testdata/} (so the trainer tests run on every machine); tmr-experiments' tests use it through
 * tmr-models' test-jar. {@link #build} also points {@code tmr.home} at a temporary folder so
 * vocabularies and example caches stay out of the user's data directory.
 */
public final class TestCorpus {
  private TestCorpus() {}

  /**
   * The options of the smallest real model the trainer tests train (32-token sequences, hidden 32,
   * embeddings 16, one layer, two heads) on {@code corpus}, followed by {@code more}; a new mutable
   * list.
   */
  public static List<String> tinyModel(Path corpus, String... more) {
    List<String> o =
        new ArrayList<>(
            List.of(
                "data.corpus=" + corpus,
                "data.seqLength=32",
                "model.hidden=32",
                "model.embeddingSize=16",
                "model.layers=1",
                "model.heads=2"));
    o.addAll(List.of(more));
    return o;
  }

  public static Path build(Path tmp, int documents) throws IOException {
    System.setProperty("tmr.home", tmp.resolve("home").toString());
    Path docs = writeDocuments(tmp.resolve("docs"), documents, 40);
    Path corpus = tmp.resolve("corpus");
    new CorpusBuilder().addDirectory(docs).validationFraction(0.1).build(corpus);
    return corpus;
  }

  /**
   * Writes {@link #sentences()} as up to {@code documents} text files of {@code perDocument} lines
   * ({@code d0000.txt}, ...) into {@code dir}, for tests that build their own corpus.
   */
  public static Path writeDocuments(Path dir, int documents, int perDocument) throws IOException {
    List<String> lines = sentences();
    Files.createDirectories(dir);
    int line = 0;
    for (int d = 0; d < documents && line < lines.size(); d++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < perDocument && line < lines.size(); i++, line++) {
        sb.append(lines.get(line)).append('\n');
      }
      Files.writeString(dir.resolve(String.format("d%04d.txt", d)), sb.toString());
    }
    return dir;
  }

  /**
   * SST-2 training sentences (capitalised, with a full stop) when present, else testdata's
   * Moby-Dick.
   */
  public static List<String> sentences() throws IOException {
    Path sst2 =
        Paths.get(
            System.getProperty("tmr.shared", "../../shared"), "data", "glue", "SST-2", "train.tsv");
    List<String> out = new ArrayList<>();
    if (Files.isRegularFile(sst2)) {
      List<String> lines = Files.readAllLines(sst2, StandardCharsets.UTF_8);
      for (String l : lines.subList(1, lines.size())) {
        String s = l.split("\t")[0].strip();
        out.add(Character.toUpperCase(s.charAt(0)) + s.substring(1) + ".");
      }
      return out;
    }
    Path moby = Paths.get("..", "testdata", "moby-dick-sentences.txt");
    Assumptions.assumeTrue(
        Files.isRegularFile(moby), "neither SST-2 nor " + moby.toAbsolutePath() + " found");
    for (String l : Files.readAllLines(moby, StandardCharsets.UTF_8)) {
      if (!l.startsWith("#") && !l.isBlank()) {
        out.add(l.strip());
      }
    }
    return out;
  }
}
