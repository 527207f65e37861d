package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.text.Vocabularies;
import io.tmr.core.text.Vocabulary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TmrCliTest {
  @TempDir Path tmp;

  private static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = TmrCli.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {Integer.toString(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void exportsTheOfficialBertVocabularyByteForByte() throws Exception {
    Path out = tmp.resolve("vocab.txt");
    String[] r = run("vocab", "export", Vocabularies.BERT_BASE_UNCASED, "--out", out.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(Vocabularies.BERT_BASE_UNCASED_SHA256,
        com.google.common.io.MoreFiles.asByteSource(out).hash(com.google.common.hash.Hashing.sha256()).toString());
    assertEquals(30522, Vocabulary.load(out).size());
  }

  @Test
  void unknownCorpusSourceIsOneClearLineAndExitCodeOne() {
    String[] r = run("corpus", "build", "--sources", "wikipedia", "--out", tmp.resolve("c").toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("unknown corpus source 'wikipedia'") && r[2].contains("sotu"), r[2]);
  }

  @Test
  void unknownOptionIsRejectedWithUsage() {
    String[] r = run("vocab", "train", "--sizes", "10");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--sizes"), r[2]);
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] cmd : new String[][] {{"--help"}, {"doctor", "--help"}, {"corpus", "build", "--help"}, {"vocab", "train", "--help"}, {"tokenize", "--help"}, {"bench", "jmh", "--help"}, {"quickstart", "--help"}}) {
      String[] r = run(cmd);
      assertEquals("0", r[0], String.join(" ", cmd));
      assertTrue(r[1].contains("Usage:"), String.join(" ", cmd));
    }
  }
}
