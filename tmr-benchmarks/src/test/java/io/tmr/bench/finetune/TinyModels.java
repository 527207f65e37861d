package io.tmr.bench.finetune;

import io.tmr.core.nn.EmbeddingConfig;
import io.tmr.core.nn.Gelu;
import io.tmr.core.nn.TransformerConfig;
import io.tmr.core.text.Vocabulary;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;

/** Small vocabularies and encoder shapes for fast fine-tuning tests. */
final class TinyModels {
  private TinyModels() {}

  /** The special tokens, punctuation, then {@code words} (lower case) as whole-word tokens. */
  static Vocabulary vocabulary(List<String> words) {
    Set<String> tokens = new LinkedHashSet<>(Vocabulary.SPECIAL_TOKENS);
    tokens.addAll(List.of(".", ",", "?", "!", "'", "-"));
    tokens.addAll(words);
    return Vocabulary.of(new ArrayList<>(tokens));
  }

  /**
   * A randomly initialised encoder: E = H = hidden, {@code layers} layers, 2 heads, FFN 2H, 64
   * positions.
   */
  static EncoderSource randomEncoder(
      Vocabulary vocabulary, int hidden, int layers, DataType dataType, double initStd) {
    EmbeddingConfig emb =
        new EmbeddingConfig(vocabulary.size(), hidden, 64, 2, 1e-12, 0.1, initStd, dataType);
    TransformerConfig tc =
        new TransformerConfig(
            hidden, layers, 2, 2 * hidden, 0.1, 0.1, 1e-12, initStd, Gelu.ERF, dataType);
    return EncoderSource.randomInit(emb, tc, vocabulary);
  }
}
