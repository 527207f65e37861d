package io.tmr.core.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.tmr.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Token-for-token parity with HuggingFace's Rust tokenizer on real sentences and sentence pairs
 * from the GLUE files in {@code ../shared/data} (and hand-picked Unicode edge cases): ids, type ids
 * and offsets must be identical.
 */
class TokenizerParityTest {
  private static final Vocabulary VOCAB = HfOracle.vocabulary();
  private static final WordPieceTokenizer OURS = new WordPieceTokenizer(VOCAB);

  record Example(String a, String b) {}

  @Test
  void vocabularyIsTheOfficialBertBaseUncased() {
    assertEquals(30522, VOCAB.size());
    assertEquals(
        "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3", VOCAB.sha256());
  }

  @Test
  void unicodeEdgeCasesMatch() {
    List<Example> cases =
        List.of(
            new Example("Héllo wörld 😀 x [MASK] yes", null),
            new Example(
                "İstanbul ΣΑΣ café 中文 a\u00a0b\u2003c",
                "Zero\u200bwidth and soft\u00adhyphen\u0000nul\ufffd"),
            new Example("Ｆｕｌｌｗｉｄｔｈ　ｔｅｘｔ and ℌ𝔢𝔩𝔩𝔬 and \u0130\u0131 ﬁne", null),
            new Example(
                "tab\tnew\nline\r\u0085next\u2028sep",
                "\u00bfQu\u00e9? \u00a1S\u00ed! \u2014 \u201cquoted\u201d \u2018x\u2019 \u2026"),
            new Example(
                "a".repeat(101) + " " + "b".repeat(100) + " supercalifragilisticexpialidocious",
                "x".repeat(300)),
            new Example("[CLS][SEP] [UNK]word[PAD] [mask] [MASK]", "emoji 👩‍👩‍👧 family ❤️ 🇺🇸"),
            new Example(
                "Ærøskøbing Ångström naïve coöperate résumé Dvořák Łódź",
                "Привет мир Ελληνικά العربية עברית हिन्दी 한국어 日本語"),
            new Example("", "only b"),
            new Example("   ", null));
    for (Example e : cases) {
      assertSame(e, 512);
    }
  }

  @Test
  void realGlueSentencesAndPairsMatch() throws IOException {
    List<Example> examples = new ArrayList<>();
    addColumns(examples, SharedData.require("glue/SST-2/train.tsv"), 0, -1, 9000);
    addColumns(examples, SharedData.require("glue/RTE/train.tsv"), 1, 2, 2490);
    addColumns(examples, SharedData.require("glue/MRPC/train.tsv"), 3, 4, 1500);
    addColumns(examples, SharedData.require("glue/STS-B/train.tsv"), 7, 8, 1500);
    assertTrue(examples.size() >= 10_000, "need >= 10,000 examples, have " + examples.size());
    int pairs = 0;
    for (Example e : examples) {
      // Full length (no truncation in practice) and a short budget that forces longest-first
      // truncation.
      assertSame(e, 512);
      assertSame(e, 24);
      if (e.b() != null) {
        pairs++;
      }
    }
    System.out.printf(
        "tokenizer parity: %d examples (%d pairs) identical at max lengths 512 and 24%n",
        examples.size(), pairs);
  }

  private static void addColumns(List<Example> out, Path tsv, int colA, int colB, int limit)
      throws IOException {
    List<String> lines = Files.readAllLines(tsv, StandardCharsets.UTF_8);
    int added = 0;
    for (int i = 1; i < lines.size() && added < limit; i++) {
      String[] cols = lines.get(i).split("\t", -1);
      int need = Math.max(colA, colB);
      if (cols.length <= need) {
        continue;
      }
      out.add(new Example(cols[colA], colB < 0 ? null : cols[colB]));
      added++;
    }
    Assumptions.assumeTrue(added > 0, "no rows read from " + tsv);
  }

  private static final java.util.Map<Integer, HuggingFaceTokenizer> HF = new java.util.HashMap<>();

  private static void assertSame(Example e, int maxLength) {
    HuggingFaceTokenizer hf = HF.computeIfAbsent(maxLength, HfOracle::tokenizer);
    ai.djl.huggingface.tokenizers.Encoding theirs =
        e.b() == null ? hf.encode(e.a()) : hf.encode(e.a(), e.b());
    Encoding ours = OURS.encode(e.a(), e.b(), maxLength, Truncation.LONGEST_FIRST, false);
    String where = "max " + maxLength + " on [" + e.a() + "] / [" + e.b() + "]";
    assertArrayEquals(toLongs(ours.ids()), theirs.getIds(), () -> "ids differ " + where);
    assertArrayEquals(
        toLongs(ours.typeIds()), theirs.getTypeIds(), () -> "type ids differ " + where);
    assertArrayEquals(
        toLongs(ours.attentionMask()), theirs.getAttentionMask(), () -> "mask differs " + where);
    CharSpan[] spans = theirs.getCharTokenSpans();
    for (int i = 0; i < spans.length; i++) {
      if (ours.specialTokensMask()[i] == 1) {
        continue; // HF reports no span for [CLS]/[SEP]; ours are (0, 0).
      }
      String text = ours.sequenceIds()[i] == 0 ? e.a() : e.b();
      // HF spans count Unicode code points; ours are UTF-16 indices.
      int start = text.codePointCount(0, ours.starts()[i]);
      int end = text.codePointCount(0, ours.ends()[i]);
      int idx = i;
      assertEquals(spans[i].getStart(), start, () -> "start of token " + idx + " differs " + where);
      assertEquals(spans[i].getEnd(), end, () -> "end of token " + idx + " differs " + where);
    }
  }

  private static long[] toLongs(int[] a) {
    long[] out = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }
}
