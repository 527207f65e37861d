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

  /** {@code tmr doctor} names the kernel set OpenBLAS uses (read from OpenBLAS) and why. */
  @Test
  void doctorNamesTheKernelSetAndTheDevice() throws Exception {
    String[] r = run("doctor", "--json");
    assertEquals("0", r[0], r[2]);
    com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r[1]);
    com.fasterxml.jackson.databind.JsonNode blas = j.path("blas");
    assertTrue(blas.path("kernelSet").isTextual() && !blas.path("kernelSet").asText().startsWith("unknown"), r[1]);
    assertTrue(java.util.Set.of("environment", "cpu-flags", "none").contains(blas.path("source").asText()), r[1]);
    assertTrue(blas.path("why").asText().contains("OPENBLAS_CORETYPE"), r[1]);
    String set = System.getenv("OPENBLAS_CORETYPE");
    if (set != null && !set.isEmpty()) {
      assertEquals(set, blas.path("OPENBLAS_CORETYPE").asText(), r[1]);
    }
    assertTrue(r[2].contains("OpenBLAS kernel set in use: " + blas.path("kernelSet").asText()), r[2]);
  }
}
