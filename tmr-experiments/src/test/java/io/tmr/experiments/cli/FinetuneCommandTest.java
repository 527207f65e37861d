package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.core.tensor.RandomStream;
import io.tmr.core.text.Vocabulary;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.electra.ElectraModel;
import io.tmr.models.electra.HfElectraFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** {@code tmr finetune} on a toy RTE-layout task: model sources, output folder, usage errors. */
class FinetuneCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path data;
  private Path vocab;

  /** Toy RTE: entailment exactly when the hypothesis says "yes". */
  @BeforeEach
  void writeData() throws Exception {
    List<String> tokens = new ArrayList<>(Vocabulary.SPECIAL_TOKENS);
    tokens.addAll(List.of(".", "yes", "no"));
    for (int i = 0; i < 10; i++) {
      tokens.add("w" + i);
    }
    vocab = tmp.resolve("vocab.txt");
    Vocabulary.of(tokens).write(vocab);
    data = tmp.resolve("data");
    RandomStream random = new RandomStream(3);
    for (String split : List.of("train", "dev")) {
      StringBuilder b = new StringBuilder("index\tsentence1\tsentence2\tlabel\n");
      for (int i = 0; i < (split.equals("train") ? 48 : 20); i++) {
        boolean yes = random.nextInt(2) == 0;
        b.append(i)
            .append("\tw")
            .append(random.nextInt(10))
            .append(" w")
            .append(random.nextInt(10))
            .append(" .\tw")
            .append(random.nextInt(10))
            .append(yes ? " yes" : " no")
            .append('\t')
            .append(yes ? "entailment" : "not_entailment")
            .append('\n');
      }
      Files.createDirectories(data.resolve("glue/RTE"));
      Files.writeString(data.resolve("glue/RTE/" + split + ".tsv"), b.toString());
    }
  }

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
  void randomInitPresetRunsSeedsAndWritesTheFolder() throws Exception {
    Path out = tmp.resolve("out");
    String[] r =
        run(
            "finetune",
            "--preset",
            "tiny",
            "--random-init",
            "--vocab",
            vocab.toString(),
            "--tasks",
            "rte",
            "--data",
            data.toString(),
            "--seeds",
            "1..2",
            "--epochs",
            "rte=1",
            "--max-length",
            "16",
            "--batch-size",
            "16",
            "--out",
            out.toString());
    assertEquals("0", r[0], r[2]);
    for (String file :
        List.of(
            "manifest.json",
            "summary.md",
            "RTE/results.json",
            "RTE/results.md",
            "RTE/seed-1/RTE.tsv",
            "RTE/seed-2/metrics.json")) {
      assertTrue(Files.isRegularFile(out.resolve(file)), file);
    }
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    assertEquals("completed", manifest.get("status").asText());
    assertEquals("random-init", manifest.at("/source/kind").asText());
    assertEquals(128, manifest.at("/source/hidden").asInt(), "the tiny preset's shape");
    assertEquals(1, manifest.at("/settings/RTE/epochs").asInt(), "per-task epochs");
    assertEquals(16, manifest.at("/settings/RTE/maxLength").asInt());
    JsonNode results = JSON.readTree(out.resolve("RTE/results.json").toFile());
    assertEquals(
        manifest.at("/medians/RTE/accuracy").asDouble(),
        results.at("/metrics/accuracy/median").asDouble());
    assertTrue(r[1].contains("| RTE | dev | accuracy |"), r[1]);
    assertTrue(Files.readString(out.resolve("summary.md")).contains("| RTE | dev | accuracy |"));
  }

  /**
   * {@code tmr bench finetune}: the table of docs/performance.md with the FLOPs per update and
   * their utilisation of the in-process GEMM peak, and a RESULT line whose FLOPs per update are the
   * matrix products of the tiny shape at the batch's padded length.
   */
  @Test
  void benchFinetunePrintsTheCostTableWithUtilisation() throws Exception {
    Path out = tmp.resolve("bench");
    String[] r =
        run(
            "bench",
            "finetune",
            "--preset",
            "tiny",
            "--vocab",
            vocab.toString(),
            "--tasks",
            "rte",
            "--max-train-examples",
            "32",
            "--no-warmup",
            "--data",
            data.toString(),
            "--out",
            out.toString());
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("| utilisation of in-process GEMM peak |"), r[1]);
    assertTrue(r[1].contains("| tiny ("), r[1]);
    String line =
        r[1].lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow().substring(7);
    JsonNode j = JSON.readTree(line);
    assertEquals("RTE", j.get("task").asText());
    assertEquals(1, j.get("updates").asInt());
    double u = j.get("utilisation").asDouble();
    assertTrue(u > 0 && u < 1, "utilisation " + u);
    // Every toy example is [CLS] wA wB . [SEP] wC yes|no [SEP]: 8 tokens, so the one update is 32
    // sequences of 8. Tiny shape: H 128, FFN 512, 2 layers, E = H (no projection); the head is one
    // H -> 2 layer on the [CLS] rows. Backward doubles every product: 3 x forward.
    double t = 32 * 8;
    double layer =
        2 * t * 128 * 384 + 2 * t * 8 * 128 * 2 + 2 * t * 128 * 128 + 2 * t * 128 * 512 * 2;
    double expected = 3 * (2 * layer + 2 * 32 * 128 * 2);
    assertEquals(expected, j.get("flops_per_update").asDouble(), 0.0, line);
    assertTrue(Files.isRegularFile(out.resolve("RTE/results.json")));
  }

  @Test
  void importedHuggingFaceFolderIsASource() throws Exception {
    Vocabulary v = Vocabulary.load(vocab);
    ElectraModel model = tinyModel(v);
    Path hf = tmp.resolve("hf");
    HfElectraFormat.export(model, hf);
    Path out = tmp.resolve("out-hf");
    String[] missingVocab =
        run(
            "finetune",
            "--from-hf",
            hf.toString(),
            "--tasks",
            "rte",
            "--data",
            data.toString(),
            "--seeds",
            "1",
            "--out",
            out.toString());
    assertEquals("2", missingVocab[0]);
    assertTrue(missingVocab[2].contains("vocab.txt"), missingVocab[2]);
    Files.copy(vocab, hf.resolve("vocab.txt"));
    String[] r =
        run(
            "finetune",
            "--from-hf",
            hf.toString(),
            "--tasks",
            "rte",
            "--data",
            data.toString(),
            "--seeds",
            "4",
            "--epochs",
            "1",
            "--max-length",
            "16",
            "--out",
            out.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode results = JSON.readTree(out.resolve("RTE/results.json").toFile());
    assertEquals("huggingface", results.at("/source/kind").asText());
    assertTrue(results.at("/source/pretrainedWeights").asBoolean());
    assertEquals(16, results.at("/source/hidden").asInt());
    assertEquals(4, results.at("/seeds/0").asInt());
  }

  /** A 16-wide one-layer model of {@code v}'s size (seed 9): what the --from-hf tests export. */
  private static ElectraModel tinyModel(Vocabulary v) {
    return new ElectraModel(
        ElectraConfig.builder()
            .vocab(v.size())
            .embedding(16)
            .hidden(16)
            .layers(1)
            .heads(2)
            .intermediate(32)
            .maxPositions(64)
            .build(),
        DataType.FLOAT,
        9);
  }

  /**
   * A tiny model of {@code v}'s size in HF layout, with its tokenizer files (as tmr export writes).
   */
  private Path exported(Vocabulary v) throws Exception {
    ElectraModel model = tinyModel(v);
    Path hf = tmp.resolve("exported");
    HfElectraFormat.export(model, v, hf);
    return hf;
  }

  @Test
  void anExportedFolderBringsItsOwnVocabulary() throws Exception {
    Vocabulary v = Vocabulary.load(vocab);
    Path hf = exported(v);
    Path out = tmp.resolve("out-own");
    String[] r =
        run(
            "finetune",
            "--from-hf",
            hf.toString(),
            "--tasks",
            "rte",
            "--data",
            data.toString(),
            "--seeds",
            "1",
            "--epochs",
            "1",
            "--max-length",
            "16",
            "--out",
            out.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode results = JSON.readTree(out.resolve("RTE/results.json").toFile());
    assertEquals(v.sha256(), results.at("/source/vocabSha256").asText());
  }

  @Test
  void aVocabularyOfAnotherSizeThanTheModelIsOneLine() throws Exception {
    Vocabulary v = Vocabulary.load(vocab);
    Path hf = exported(v);
    Path disc = hf.resolve("discriminator");
    List<String> bigger = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      bigger.add(v.token(i));
    }
    bigger.add("extra");
    Vocabulary big = Vocabulary.of(bigger);
    io.tmr.core.text.HfTokenizerFiles.write(disc, big, 64);
    String[] common = {"--tasks", "rte", "--data", data.toString(), "--seeds", "1"};
    String[] r = run(concat(new String[] {"finetune", "--from-hf", hf.toString()}, common));
    assertEquals("1", r[0]);
    assertEquals(
        "tmr finetune: "
            + disc.resolve("vocab.txt")
            + " has "
            + big.size()
            + " tokens, but the model ("
            + disc.resolve("config.json")
            + ") has vocab_size "
            + v.size()
            + ": the vocabulary does not belong to this model",
        r[2].strip());
    Path other = tmp.resolve("big-vocab.txt");
    big.write(other);
    r =
        run(
            concat(
                new String[] {"finetune", "--from-hf", hf.toString(), "--vocab", other.toString()},
                common));
    assertEquals("1", r[0]);
    assertTrue(r[2].strip().startsWith("tmr finetune: --vocab " + other + " has "), r[2]);
  }

  @Test
  void malformedFoldersAreOneLineNamingTheFile() throws Exception {
    Vocabulary v = Vocabulary.load(vocab);
    Path hf = exported(v);
    String[] common = {"--tasks", "rte", "--data", data.toString(), "--seeds", "1"};
    Path weights = hf.resolve("discriminator/model.safetensors");
    Files.move(weights, tmp.resolve("moved.safetensors"));
    String[] r = run(concat(new String[] {"finetune", "--from-hf", hf.toString()}, common));
    assertEquals("1", r[0]);
    assertTrue(r[2].strip().endsWith(weights + ": missing (the model's weights)"), r[2]);
    assertEquals(1, r[2].strip().lines().count(), r[2]);
    Path config = hf.resolve("discriminator/config.json");
    Files.writeString(config, "{\"model_type\": \"electra\",");
    r = run(concat(new String[] {"finetune", "--from-hf", hf.toString()}, common));
    assertEquals("1", r[0]);
    assertEquals(1, r[2].strip().lines().count(), r[2]);
    assertTrue(r[2].contains(config + ": not valid JSON: line 1, column "), r[2]);
    Files.writeString(config, "{\"model_type\": \"bert\"}");
    r = run(concat(new String[] {"finetune", "--from-hf", hf.toString()}, common));
    assertTrue(r[2].contains(config + ": model_type is 'bert', expected 'electra'"), r[2]);
    Path tokenizerConfig = hf.resolve("discriminator/tokenizer_config.json");
    exported(v);
    Files.writeString(tokenizerConfig, "{\"do_lower_case\": false}");
    r = run(concat(new String[] {"finetune", "--from-hf", hf.toString()}, common));
    assertEquals("1", r[0]);
    assertTrue(r[2].contains(tokenizerConfig + ": do_lower_case is false"), r[2]);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void usageErrorsExitWithTwo() {
    String d = data.toString();
    assertEquals("2", run("finetune", "--tasks", "rte", "--data", d)[0], "no model source");
    String[] noRandom = run("finetune", "--preset", "tiny", "--tasks", "rte", "--data", d);
    assertEquals("2", noRandom[0]);
    assertTrue(noRandom[2].contains("--random-init"), noRandom[2]);
    assertEquals("2", run("finetune", "--preset", "tiny", "--random-init", "--seeds", "3..1")[0]);
    String[] unknown =
        run("finetune", "--preset", "tiny", "--random-init", "--tasks", "rte,nosuchtask");
    assertEquals("2", unknown[0]);
    assertTrue(unknown[2].contains("nosuchtask"), unknown[2]);
    assertEquals("2", run("finetune", "--preset", "tiny", "--random-init", "--epochs", "rte=x")[0]);
    assertEquals(
        "2", run("finetune", "--preset", "huge", "--random-init", "--vocab", vocab.toString())[0]);
  }

  @Test
  void squadAliasesResolve() {
    assertEquals("SQuAD-v1.1", FinetuneCommand.alias("squad"));
    assertEquals("SQuAD-v2.0", FinetuneCommand.alias("SQuAD2"));
    assertEquals("rte", FinetuneCommand.alias(" rte "));
  }
}
