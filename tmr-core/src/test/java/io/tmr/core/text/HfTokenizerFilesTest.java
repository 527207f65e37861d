package io.tmr.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer files of an export: read back by TMR's tokenizer and by HF's Rust tokenizer (DJL)
 * they give the ids TMR's tokenizer gives; malformed or mismatched files are one line naming the
 * file.
 */
class HfTokenizerFilesTest {
  @TempDir Path tmp;

  static final List<String[]> TEXTS =
      List.of(
          new String[] {"The quick brown fox jumps over the lazy dog.", null},
          new String[] {"Héllo, WORLD!! Naïve café — 3.14 unaffable", "Is it raining? No."},
          new String[] {"Moby-Dick; or, The Whale. Call me Ishmael.", "中文 text, tabs\tand\nlines"});

  @Test
  void bertVocabularyRoundTripsAndHfsTokenizerAgrees() throws Exception {
    assertRoundTrip(HfOracle.vocabulary(), tmp.resolve("bert"));
  }

  @Test
  void aSmallTrainedVocabularyRoundTripsAndHfsTokenizerAgrees() throws Exception {
    List<String> tokens = new ArrayList<>(Vocabulary.SPECIAL_TOKENS);
    for (String w :
        "the quick brown fox jump ##s over lazy dog . , ! ? - ; call me is it no hello world cafe ##e whale moby dick"
            .split(" ")) {
      if (!tokens.contains(w)) {
        tokens.add(w);
      }
    }
    assertRoundTrip(Vocabulary.of(tokens), tmp.resolve("small"));
  }

  private static void assertRoundTrip(Vocabulary vocab, Path dir) throws IOException {
    HfTokenizerFiles.write(dir, vocab, 128);
    for (String f :
        List.of(
            HfTokenizerFiles.VOCAB,
            HfTokenizerFiles.CONFIG,
            HfTokenizerFiles.SPECIAL_TOKENS_MAP,
            HfTokenizerFiles.TOKENIZER_JSON)) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
    JsonNode config = new ObjectMapper().readTree(dir.resolve(HfTokenizerFiles.CONFIG).toFile());
    assertTrue(config.path("do_lower_case").asBoolean());
    assertEquals("[MASK]", config.path("mask_token").asText());
    assertEquals(128, config.path("model_max_length").asInt());
    Vocabulary back = HfTokenizerFiles.read(dir);
    assertEquals(vocab.sha256(), back.sha256());
    WordPieceTokenizer ours = new WordPieceTokenizer(vocab);
    WordPieceTokenizer read = new WordPieceTokenizer(back);
    try (HuggingFaceTokenizer hf =
        HuggingFaceTokenizer.newInstance(
            dir.resolve(HfTokenizerFiles.TOKENIZER_JSON),
            Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "true"))) {
      for (String[] t : TEXTS) {
        Encoding a = ours.encode(t[0], t[1], 128, Truncation.LONGEST_FIRST, false);
        Encoding b = read.encode(t[0], t[1], 128, Truncation.LONGEST_FIRST, false);
        assertArrayEquals(a.ids(), b.ids(), t[0]);
        var theirs = t[1] == null ? hf.encode(t[0]) : hf.encode(t[0], t[1]);
        assertArrayEquals(longs(a.ids()), theirs.getIds(), "HF tokenizers on " + t[0]);
        assertArrayEquals(longs(a.typeIds()), theirs.getTypeIds(), "type ids on " + t[0]);
      }
    }
  }

  private static long[] longs(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  private Path folder() throws IOException {
    List<String> tokens = new ArrayList<>(Vocabulary.SPECIAL_TOKENS);
    tokens.addAll(List.of("a", "b"));
    Path dir = tmp.resolve("f");
    HfTokenizerFiles.write(dir, Vocabulary.of(tokens), 64);
    return dir;
  }

  private static String error(Path dir) {
    IOException e = assertThrows(IOException.class, () -> HfTokenizerFiles.read(dir));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }

  @Test
  void malformedJsonIsOneLineNamingTheFile() throws IOException {
    Path dir = folder();
    Path config = dir.resolve(HfTokenizerFiles.CONFIG);
    Files.writeString(config, "{\"do_lower_case\": true,\n \"mask_token\": }\n");
    String m = error(dir);
    assertTrue(m.startsWith(config + ": not valid JSON: line 2, column 16: "), m);
  }

  @Test
  void aCasedTokenizerIsRefusedNamingTheFile() throws IOException {
    Path dir = folder();
    Path config = dir.resolve(HfTokenizerFiles.CONFIG);
    Files.writeString(config, "{\"do_lower_case\": false}");
    assertEquals(
        config
            + ": do_lower_case is false, but TMR's tokenizer is BERT uncased (it lower-cases and"
            + " strips accents)",
        error(dir));
  }

  @Test
  void otherSpecialTokensAreRefusedNamingTheFile() throws IOException {
    Path dir = folder();
    Path map = dir.resolve(HfTokenizerFiles.SPECIAL_TOKENS_MAP);
    Files.writeString(map, "{\"mask_token\": {\"content\": \"<mask>\", \"lstrip\": true}}");
    assertEquals(map + ": mask_token is '<mask>', but TMR's tokenizer uses '[MASK]'", error(dir));
    // The AddedToken form with TMR's token is fine.
    Files.writeString(map, "{\"mask_token\": {\"content\": \"[MASK]\", \"lstrip\": false}}");
    assertEquals(7, HfTokenizerFiles.read(dir).size());
  }

  @Test
  void aMissingOrBrokenVocabularyIsOneLineNamingTheFile() throws IOException {
    Path dir = folder();
    Path vocab = dir.resolve(HfTokenizerFiles.VOCAB);
    Files.writeString(vocab, "[PAD]\n[UNK]\nx\n");
    String m = error(dir);
    assertTrue(m.startsWith("vocabulary " + vocab + " lacks the special token"), m);
    Files.delete(vocab);
    assertEquals(vocab + ": missing (the tokenizer's vocabulary)", error(dir));
  }

  @Test
  void aTokenizerJsonOverAnotherVocabularyIsRefused() throws IOException {
    Path dir = folder();
    Files.writeString(
        dir.resolve(HfTokenizerFiles.VOCAB), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\n");
    assertEquals(
        dir.resolve(HfTokenizerFiles.TOKENIZER_JSON)
            + ": model.vocab (7 tokens) differs from vocab.txt (6 tokens)",
        error(dir));
  }
}
