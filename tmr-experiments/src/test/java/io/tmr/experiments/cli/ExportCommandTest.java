package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.core.nn.Parameter;
import io.tmr.core.text.HfTokenizerFiles;
import io.tmr.core.text.Truncation;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTokenizer;
import io.tmr.models.artefact.ModelCheckpoint;
import io.tmr.models.electra.ElectraModel;
import io.tmr.models.electra.HfElectraFormat;
import io.tmr.models.pretrain.TestCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code tmr export} of a real (tiny) TMR run: model, config, tokenizer files and a model card in
 * every folder a HuggingFace-style loader opens, read back bit for bit.
 */
class ExportCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path tmp;
  static Path run;
  static Path out;

  @BeforeAll
  static void pretrainAndExport() throws Exception {
    Path corpus = TestCorpus.build(tmp, 40);
    run = tmp.resolve("run");
    List<String> args = new ArrayList<>(List.of("pretrain", "--replay"));
    for (String s :
        TestCorpus.tinyModel(
            corpus,
            "train.batchSize=8",
            "train.steps=6",
            "train.warmupSteps=2",
            "eval.every=3",
            "eval.batches=1",
            "checkpoint.every=3",
            "replay.capacity=32")) {
      args.addAll(List.of("--set", s));
    }
    args.addAll(List.of("--run-dir", run.toString()));
    String[] r = TestCli.run(args.toArray(new String[0]));
    assertEquals("0", r[0], r[2]);
    out = tmp.resolve("export");
    String[] e = TestCli.run("export", run.toString(), "--out", out.toString());
    assertEquals("0", e[0], e[2]);
  }

  @Test
  void weightsReadBackBitIdentical() throws Exception {
    ModelCheckpoint.Loaded original = PretrainCommand.loadModel(run);
    ElectraModel back = HfElectraFormat.load(out, DataType.FLOAT, 12345);
    List<Parameter> a = original.model().parameters();
    List<Parameter> b = back.parameters();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).name(), b.get(i).name());
      assertArrayEquals(
          a.get(i).value().data().asFloat(),
          b.get(i).value().data().asFloat(),
          a.get(i).name() + " differs");
    }
    assertEquals(original.model().config(), HfElectraFormat.config(out));
  }

  @Test
  void everyModelFolderHasTheTokenizerFilesAndTheyGiveTheRunsIds() throws Exception {
    Vocabulary runVocab = PretrainCommand.loadModel(run).vocabulary();
    WordPieceTokenizer ours = new WordPieceTokenizer(runVocab);
    for (String folder : List.of(HfElectraFormat.DISCRIMINATOR, HfElectraFormat.GENERATOR)) {
      Path dir = out.resolve(folder);
      for (String f :
          List.of(
              "model.safetensors",
              "config.json",
              HfTokenizerFiles.VOCAB,
              HfTokenizerFiles.CONFIG,
              HfTokenizerFiles.SPECIAL_TOKENS_MAP,
              HfTokenizerFiles.TOKENIZER_JSON)) {
        assertTrue(Files.isRegularFile(dir.resolve(f)), dir.resolve(f).toString());
      }
      JsonNode config = JSON.readTree(dir.resolve(HfTokenizerFiles.CONFIG).toFile());
      assertTrue(config.path("do_lower_case").asBoolean());
      assertEquals("[CLS]", config.path("cls_token").asText());
      WordPieceTokenizer read = new WordPieceTokenizer(HfTokenizerFiles.read(dir));
      for (String text : TestCorpus.sentences().subList(0, 50)) {
        assertArrayEquals(
            ours.encode(text, 64, Truncation.LONGEST_FIRST, false).ids(),
            read.encode(text, 64, Truncation.LONGEST_FIRST, false).ids(),
            text);
      }
    }
  }

  @Test
  void theModelCardHoldsTheRunsProvenance() throws Exception {
    String card = Files.readString(out.resolve("README.md"));
    JsonNode manifest = JSON.readTree(run.resolve("manifest.json").toFile());
    assertTrue(card.contains("| commit | `" + manifest.path("gitCommit").asText() + "` |"), card);
    assertTrue(card.contains("| steps | 6 of 6 planned |"), card);
    assertTrue(card.contains("| trainer | `tmr` |"), card);
    assertTrue(card.contains("| corpus | `" + tmp.resolve("corpus") + "` |"), card);
    double auc = manifest.path("results").path("validation").path("disc_auc").asDouble();
    assertTrue(
        card.contains(String.format(java.util.Locale.ROOT, "| disc_auc | %.4f |", auc)), card);
    assertTrue(card.contains("| replay-strategy | prioritized | built-in | - |"), card);
    assertTrue(card.contains("replay.capacity: 32"), card);
    assertTrue(card.contains("from_pretrained(\"discriminator\")"), card);
    assertTrue(Files.isRegularFile(out.resolve("provenance.json")));
    assertTrue(Files.isRegularFile(out.resolve("vocab.txt")));
  }
}
