package io.tmr.core.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The HuggingFace (Rust) tokenizer over bert-base-uncased's tokenizer.json: the test oracle. */
final class HfOracle {
  static final String TOKENIZER_JSON = "all-minilm-l6-v2-q-tokenizer.json";

  private HfOracle() {}

  static InputStream tokenizerJson() {
    InputStream in = HfOracle.class.getClassLoader().getResourceAsStream(TOKENIZER_JSON);
    if (in == null) {
      throw new IllegalStateException(TOKENIZER_JSON + " not on the test class path");
    }
    return in;
  }

  static Vocabulary vocabulary() {
    try (InputStream in = tokenizerJson()) {
      return Vocabulary.fromHuggingFaceTokenizerJson(in, TOKENIZER_JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** HF tokenizer truncating longest-first to {@code maxLength}, without padding. */
  static HuggingFaceTokenizer tokenizer(int maxLength) {
    try (InputStream in = tokenizerJson()) {
      return HuggingFaceTokenizer.newInstance(
          in,
          Map.of(
              "padding", "false",
              "truncation", "true",
              "maxLength", Integer.toString(maxLength),
              "addSpecialTokens", "true"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
