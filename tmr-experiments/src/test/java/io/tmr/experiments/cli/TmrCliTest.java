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
    return new String[] {
      Integer.toString(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
    };
  }

  @Test
  void exportsTheOfficialBertVocabularyByteForByte() throws Exception {
    Path out = tmp.resolve("vocab.txt");
    String[] r = run("vocab", "export", Vocabularies.BERT_BASE_UNCASED, "--out", out.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals(
        Vocabularies.BERT_BASE_UNCASED_SHA256,
        com.google.common.io.MoreFiles.asByteSource(out)
            .hash(com.google.common.hash.Hashing.sha256())
            .toString());
    assertEquals(30522, Vocabulary.load(out).size());
  }

  @Test
  void unknownCorpusSourceIsOneClearLineAndExitCodeOne() {
    String[] r =
        run("corpus", "build", "--sources", "wikipedia", "--out", tmp.resolve("c").toString());
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
    for (String[] cmd :
        new String[][] {
          {"--help"},
          {"doctor", "--help"},
          {"corpus", "build", "--help"},
          {"vocab", "train", "--help"},
          {"tokenize", "--help"},
          {"bench", "jmh", "--help"},
          {"quickstart", "--help"}
        }) {
      String[] r = run(cmd);
      assertEquals("0", r[0], String.join(" ", cmd));
      assertTrue(r[1].contains("Usage:"), String.join(" ", cmd));
    }
  }

  /**
   * Every command and subcommand, found by walking picocli's tree (so a new command is covered
   * without editing this test), prints its help without picocli's format warning: a bare {@code %}
   * in a description (write {@code %%}) makes picocli print the text unformatted with a WARN.
   */
  @Test
  void everyCommandsHelpIsFormattedWithoutWarnings() {
    java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
    java.util.ArrayDeque<java.util.Map.Entry<java.util.List<String>, picocli.CommandLine>> todo =
        new java.util.ArrayDeque<>();
    todo.add(java.util.Map.entry(java.util.List.of(), new picocli.CommandLine(new TmrCli())));
    while (!todo.isEmpty()) {
      var e = todo.poll();
      paths.add(e.getKey());
      for (var sub : e.getValue().getSubcommands().entrySet()) {
        if (sub.getValue().getCommandSpec().aliases().length > 0
            && !sub.getKey().equals(sub.getValue().getCommandName())) {
          continue; // an alias of a command already walked
        }
        java.util.List<String> p = new java.util.ArrayList<>(e.getKey());
        p.add(sub.getKey());
        todo.add(java.util.Map.entry(p, sub.getValue()));
      }
    }
    assertTrue(paths.size() > 20, "commands found: " + paths);
    for (java.util.List<String> p : paths) {
      java.util.List<String> args = new java.util.ArrayList<>(p);
      args.add("--help");
      String[] r = run(args.toArray(String[]::new));
      String cmd = String.join(" ", args);
      assertEquals("0", r[0], cmd + ": " + r[2]);
      assertTrue(r[1].contains("Usage:"), cmd);
      assertTrue(!r[2].contains("picocli WARN") && !r[1].contains("%n"), cmd + ": " + r[2]);
    }
  }

  /**
   * {@code tmr doctor} names the kernel set OpenBLAS uses (read from OpenBLAS), why, and that
   * training runs on the CPU.
   */
  @Test
  void doctorNamesTheKernelSetAndTheDevice() throws Exception {
    String[] r = run("doctor", "--json");
    assertEquals("0", r[0], r[2]);
    com.fasterxml.jackson.databind.JsonNode j =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r[1]);
    com.fasterxml.jackson.databind.JsonNode blas = j.path("blas");
    assertTrue(
        blas.path("kernelSet").isTextual()
            && !blas.path("kernelSet").asText().startsWith("unknown"),
        r[1]);
    assertTrue(
        java.util.Set.of("environment", "cpu-flags", "none").contains(blas.path("source").asText()),
        r[1]);
    assertTrue(blas.path("why").asText().contains("OPENBLAS_CORETYPE"), r[1]);
    String set = System.getenv("OPENBLAS_CORETYPE");
    if (set != null && !set.isEmpty()) {
      assertEquals(set, blas.path("OPENBLAS_CORETYPE").asText(), r[1]);
    }
    assertEquals("no", j.path("gpu").path("usedByTmr").asText(), r[1]);
    assertTrue(
        r[2].contains("OpenBLAS kernel set in use: " + blas.path("kernelSet").asText())
            && r[2].contains("training runs on the CPU"),
        r[2]);
  }

  /**
   * A peer result from another shape or thread count is refused before anything runs; a matching
   * one gives the ratios.
   */
  @Test
  void benchPretrainComparesOnlyWithALikeForLikePeer() throws Exception {
    java.nio.file.Path peer = tmp.resolve("peer.log");
    java.nio.file.Files.writeString(
        peer,
        "RESULT {\"mode\": \"train\", \"config\": {\"hidden\": 256, \"layers\": 4, \"heads\": 4, \"seq\": 128, "
            + "\"batch\": 32, \"vocab\": 8000, \"threads\": 64, \"embedding\": 256, \"gen_hidden\": 64, \"gen_heads\": 1}, \"tokens_per_s\": 2996.0, "
            + "\"peak_rss_mib\": 1100.0}\n");
    String[] r = run("bench", "pretrain", "--shape", "A", "--peer", peer.toString());
    assertEquals("1", r[0], r[1] + r[2]);
    assertTrue(
        r[2].contains("does not match")
            && r[2].contains("hidden: peer 256, here 128")
            && r[2].contains("threads: peer 64"),
        r[2]);
    assertTrue(r[1].isEmpty(), r[1]);

    // Tiny smoke run (shape tiny = A's dimensions, 2 x 16 tokens, one step) against a peer file of
    // the same set-up.
    int blas = io.tmr.core.tensor.Blas.gemmThreads();
    int loops = io.tmr.core.tensor.Parallel.threads();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        blas == loops, "OpenBLAS and Java-loop threads differ here");
    java.nio.file.Files.writeString(
        peer,
        "RESULT {\"mode\": \"train\", \"config\": {\"hidden\": 128, \"layers\": 2, \"heads\": 2, \"seq\": 16, "
            + "\"batch\": 2, \"vocab\": 8000, \"threads\": "
            + blas
            + ", \"embedding\": 128, \"gen_hidden\": 32, \"gen_heads\": 1}, "
            + "\"tokens_per_s\": 1000.0, \"peak_rss_mib\": 500.0}\n");
    r =
        run(
            "bench",
            "pretrain",
            "--shape",
            "tiny",
            "--batch",
            "2",
            "--seq",
            "16",
            "--warmup",
            "0",
            "--steps",
            "1",
            "--peer",
            peer.toString());
    assertEquals("0", r[0], r[1] + r[2]);
    assertTrue(
        r[1].contains("ratio TMR / peer: tokens/s")
            && r[1].contains("GEMM peak measured in this process")
            && r[1].contains("OpenBLAS kernel set "),
        r[1]);
    String result = r[1].lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
    com.fasterxml.jackson.databind.JsonNode j =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.substring(7));
    assertTrue(
        j.path("ratio_tokens_per_s").asDouble() > 0 && j.path("utilisation").asDouble() > 0,
        result);
  }
}
