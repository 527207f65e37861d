package io.tmr.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.tensor.RandomStream;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTokenizer;
import io.tmr.core.text.WordPieceTrainer;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPipelineTest {
  private static final String TEXT =
      """
      Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, I thought I would sail about a little.
      It is a way I have of driving off the spleen and regulating the circulation. Whenever I find myself growing grim about the mouth, I account it high time to get to sea.
      This is my substitute for pistol and ball. With a philosophical flourish Cato throws himself upon his sword; I quietly take to the ship.
      There is nothing surprising in this. If they but knew it, almost all men in their degree cherish very nearly the same feelings towards the ocean with me.""";

  private static WordPieceTokenizer tokenizer() {
    WordPieceTrainer t = new WordPieceTrainer(400, 2, 200);
    t.addText(TEXT);
    return new WordPieceTokenizer(t.train());
  }

  private static PackedExamples build(int docs, int seqLength, long seed) {
    ExampleBuilder b =
        new ExampleBuilder(tokenizer(), ExampleBuilderConfig.electra(seqLength), seed);
    for (int i = 0; i < docs; i++) {
      b.addDocument(TEXT);
    }
    return b.examples();
  }

  @Test
  void examplesHaveElectraLayout() {
    WordPieceTokenizer tok = tokenizer();
    Vocabulary v = tok.vocabulary();
    PackedExamples p = build(400, 64, 7);
    assertTrue(p.size() > 400, "examples " + p.size());
    int single = 0;
    int shortOnes = 0;
    for (int i = 0; i < p.size(); i++) {
      int len = p.length(i);
      assertTrue(len <= 64);
      assertEquals(v.clsId(), p.id(i, 0));
      assertEquals(v.sepId(), p.id(i, len - 1));
      int seps = 0;
      int segOneStart = -1;
      for (int t = 0; t < len; t++) {
        if (p.id(i, t) == v.sepId()) {
          seps++;
        }
        if (p.segment(i, t) == 1 && segOneStart < 0) {
          segOneStart = t;
        }
      }
      assertTrue(seps == 1 || seps == 2, "seps " + seps);
      if (seps == 1) {
        single++;
        assertEquals(-1, segOneStart);
      } else {
        assertEquals(
            v.sepId(), p.id(i, segOneStart - 1), "segment B starts right after the first [SEP]");
      }
      if (len < 30) {
        shortOnes++;
      }
    }
    // Single-segment examples: 10 % by design, plus those whose sentences all went to A.
    double singleRate = single / (double) p.size();
    assertTrue(singleRate >= 0.07 && singleRate < 0.5, "single-segment rate " + singleRate);
    assertTrue(shortOnes > 0, "the 5 % short targets should produce some short examples");
  }

  @Test
  void buildingIsDeterministicPerSeed() {
    PackedExamples a = build(50, 64, 11);
    PackedExamples b = build(50, 64, 11);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.length(i), b.length(i));
    }
  }

  @Test
  void packedExamplesRoundTripThroughTheFile(@TempDir Path tmp) throws Exception {
    PackedExamples a = build(20, 64, 3);
    a.write(tmp.resolve("x.bin"));
    PackedExamples b = PackedExamples.read(tmp.resolve("x.bin"));
    assertEquals(a.size(), b.size());
    int[] ia = new int[64];
    int[] sa = new int[64];
    int[] ib = new int[64];
    int[] sb = new int[64];
    for (int i = 0; i < a.size(); i++) {
      a.copyTo(i, 0, ia, sa, 0);
      b.copyTo(i, 0, ib, sb, 0);
      assertArrayEquals(ia, ib);
      assertArrayEquals(sa, sb);
    }
  }

  @Test
  void maskingSelectsFifteenPercentOfNonSpecialTokensAndMasksEightyFivePercentOfThem() {
    WordPieceTokenizer tok = tokenizer();
    Vocabulary v = tok.vocabulary();
    PackedExamples p = build(200, 128, 5);
    MaskingConfig mc = MaskingConfig.electra(128);
    assertEquals(19, mc.maxPredictions());
    Masker masker = new Masker(mc, v.maskId(), v.clsId(), v.sepId(), v.padId());
    MaskedBatch b = new MaskedBatch(32, 128, 19);
    RandomStream rnd = new RandomStream(1);
    long selected = 0;
    long masked = 0;
    for (int step = 0; step < 20; step++) {
      for (int r = 0; r < 32; r++) {
        int ex = (step * 32 + r) % p.size();
        p.copyTo(ex, r, b.originalIds, b.segmentIds, v.padId());
        b.lengths[r] = p.length(ex);
      }
      masker.mask(b, rnd);
      for (int r = 0; r < 32; r++) {
        int n = b.predictions[r];
        assertEquals(Math.max(1, Math.min(19, (int) Math.round(0.15 * b.lengths[r]))), n);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
          int t = b.positions[r * 19 + i];
          assertTrue(seen.add(t), "positions are distinct");
          int orig = b.originalIds[r * 128 + t];
          assertTrue(
              orig != v.clsId() && orig != v.sepId() && orig != v.padId(),
              "special token selected");
          assertEquals(orig, b.labels[r * 19 + i]);
          assertEquals(1f, b.weights[r * 19 + i]);
          if (b.maskedIds[r * 128 + t] == v.maskId()) {
            masked++;
          } else {
            assertEquals(orig, b.maskedIds[r * 128 + t]);
          }
          selected++;
        }
        for (int i = n; i < 19; i++) {
          assertEquals(0f, b.weights[r * 19 + i]);
        }
      }
    }
    double rate = masked / (double) selected;
    // Binomial with p = 0.85 over >= 5,000 draws: sd < 0.006; 5 sd bounds.
    assertTrue(Math.abs(rate - 0.85) < 0.03, "mask rate " + rate + " over " + selected);
  }

  @Test
  void dataOrderIsAPermutationPerEpochAndResumesExactly() {
    DataOrder a = new DataOrder(1000, 42);
    Set<Integer> epoch0 = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      epoch0.add(a.next());
    }
    assertEquals(1000, epoch0.size());
    int[] continued = new int[1500];
    for (int i = 0; i < 1500; i++) {
      continued[i] = a.next();
    }
    DataOrder b = new DataOrder(1000, 42);
    b.seek(1, 0);
    for (int i = 0; i < 1500; i++) {
      assertEquals(continued[i], b.next(), "position " + i);
    }
    assertEquals(3500, b.consumed() + 1000);
  }
}
