package io.tmr.models.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.Config;
import io.tmr.core.io.SafeTensors;
import io.tmr.core.run.MetricsLog;
import io.tmr.models.artefact.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainerTest {
  @TempDir static Path tmp;
  static Path corpus;

  @BeforeAll
  static void corpus() throws IOException {
    corpus = TestCorpus.build(tmp, 60);
  }

  static Config config(String... extra) {
    List<String> o =
        TestCorpus.tinyModel(
            corpus,
            "train.batchSize=8",
            "train.steps=12",
            "train.learningRate=2e-3",
            "train.warmupSteps=2",
            "log.every=1",
            "eval.every=6",
            "eval.batches=2",
            "checkpoint.every=4",
            "checkpoint.keep=10");
    o.addAll(List.of(extra));
    return Config.builder(PretrainOptions.electraSpec()).overrides(o).build();
  }

  static Pretrainer.Result train(Config c, Path dir) throws IOException {
    return Pretrainer.create(c, dir, t -> DiscriminatorFeed.electra()).run();
  }

  static Map<String, SafeTensors.Tensor> finalCheckpoint(Path runDir) throws IOException {
    return SafeTensors.read(Checkpoint.latest(runDir.resolve("checkpoints"))).tensors();
  }

  static void assertBitIdentical(
      Map<String, SafeTensors.Tensor> a, Map<String, SafeTensors.Tensor> b) {
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).data(), b.get(k).data(), "tensor " + k + " differs");
    }
  }

  @Test
  void sameConfigAndSeedGiveBitIdenticalRuns() throws IOException {
    train(config(), tmp.resolve("a"));
    train(config(), tmp.resolve("b"));
    assertBitIdentical(finalCheckpoint(tmp.resolve("a")), finalCheckpoint(tmp.resolve("b")));
    Map<String, double[]> ma = MetricsLog.read(tmp.resolve("a/metrics.csv"));
    Map<String, double[]> mb = MetricsLog.read(tmp.resolve("b/metrics.csv"));
    assertArrayEquals(ma.get("loss"), mb.get("loss"));
    train(config("run.seed=2"), tmp.resolve("c"));
    assertTrue(
        !java.util.Arrays.equals(
            MetricsLog.read(tmp.resolve("c/metrics.csv")).get("loss"), ma.get("loss")),
        "another seed, other numbers");
  }

  @Test
  void resumedRunReachesABitIdenticalFinalCheckpoint() throws IOException {
    train(config(), tmp.resolve("full"));
    // Interrupted: stop at step 6 (a checkpoint at 4 exists; 5-6 are lost like after a SIGKILL),
    // then resume.
    Pretrainer.Result cut =
        train(config("train.timeBudgetSeconds=0", "checkpoint.every=4"), tmp.resolve("cut-tmp"));
    assertEquals(12, cut.steps());
    Path cutDir = tmp.resolve("cut");
    Files.createDirectories(cutDir.resolve("checkpoints"));
    Files.copy(tmp.resolve("cut-tmp/config.yaml"), cutDir.resolve("config.yaml"));
    Files.copy(tmp.resolve("cut-tmp/manifest.json"), cutDir.resolve("manifest.json"));
    Files.copy(
        tmp.resolve("cut-tmp/checkpoints/step-00000004.safetensors"),
        cutDir.resolve("checkpoints/step-00000004.safetensors"));
    List<String> metrics = Files.readAllLines(tmp.resolve("cut-tmp/metrics.csv"));
    Files.write(
        cutDir.resolve("metrics.csv"),
        metrics.subList(0, 8)); // rows up to step 6, as a killed run leaves them
    Pretrainer.Result resumed =
        Pretrainer.resume(
                cutDir,
                y -> Config.builder(PretrainOptions.electraSpec()).file(y).build(),
                t -> DiscriminatorFeed.electra())
            .run();
    assertEquals(12, resumed.steps());
    assertBitIdentical(finalCheckpoint(tmp.resolve("full")), finalCheckpoint(cutDir));
    assertEquals(
        Files.readAllLines(tmp.resolve("full/metrics.csv")).size(),
        Files.readAllLines(cutDir.resolve("metrics.csv")).size());
    assertArrayEquals(
        MetricsLog.read(tmp.resolve("full/metrics.csv")).get("loss"),
        MetricsLog.read(cutDir.resolve("metrics.csv")).get("loss"));
  }

  @Test
  void nonFiniteLossStopsWithTheLastGoodCheckpointIntact() throws IOException {
    Path dir = tmp.resolve("nan");
    // A listener that poisons one weight after step 5, as a diverging run would: step 6's loss is
    // NaN.
    Pretrainer p = Pretrainer.create(config(), dir, t -> DiscriminatorFeed.electra());
    p.addListener(
        event -> {
          if (event.step() == 5) {
            p.model().parameters().stream()
                .filter(
                    q -> q.name().startsWith("discriminator_predictions.dense_prediction.weight"))
                .findFirst()
                .orElseThrow()
                .value()
                .putScalar(0, Float.NaN);
          }
        });
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class, p::run);
    assertTrue(
        e.getMessage().contains("loss became NaN at step 6")
            && e.getMessage().contains("step-00000004"),
        e.getMessage());
    Path last = Checkpoint.latest(dir.resolve("checkpoints"));
    assertEquals(4, Checkpoint.stepOf(last));
    for (SafeTensors.Tensor t : SafeTensors.read(last).tensors().values()) {
      if (t.dtype().equals("F32")) {
        for (float f : t.toFloats()) {
          assertTrue(Float.isFinite(f), "the last checkpoint holds only finite values");
        }
      }
    }
    assertTrue(Files.readString(dir.resolve("manifest.json")).contains("failed: non-finite loss"));
  }

  @Test
  void learningShowsOnValidation() throws IOException {
    // ELECTRA's zero-bias start, so the fall includes learning the unigram distribution.
    Pretrainer.Result r =
        train(
            config(
                "train.steps=60",
                "eval.every=60",
                "train.batchSize=16",
                "model.generatorBiasInit=zero",
                "model.discriminatorBiasInit=zero"),
            tmp.resolve("learn"));
    assertTrue(
        r.lastEval().get("mlm_loss") < r.firstEval().get("mlm_loss") - 1.0,
        "MLM loss should fall: "
            + r.firstEval().get("mlm_loss")
            + " -> "
            + r.lastEval().get("mlm_loss"));
    assertTrue(
        r.lastEval().get("mlm_acc") > r.firstEval().get("mlm_acc") + 0.05,
        "MLM accuracy should rise");
  }

  @Test
  void priorBiasInitialisationsStartAtTheUnigramAndTheBaseRate() throws IOException {
    Pretrainer.Result zero =
        train(
            config(
                "train.steps=1",
                "model.generatorBiasInit=zero",
                "model.discriminatorBiasInit=zero"),
            tmp.resolve("zero"));
    Pretrainer.Result prior = train(config("train.steps=1"), tmp.resolve("prior"));
    // Zero bias: the generator starts near ln(V) and the discriminator near p = 0.5 (loss ≈ ln 2).
    assertTrue(
        prior.firstEval().get("mlm_loss") < zero.firstEval().get("mlm_loss") - 1.0,
        "unigram start "
            + prior.firstEval().get("mlm_loss")
            + " vs zero start "
            + zero.firstEval().get("mlm_loss"));
    double rate = prior.firstEval().get("replaced_frac");
    double entropy = -rate * Math.log(rate) - (1 - rate) * Math.log(1 - rate);
    assertEquals(
        Math.log(2), zero.firstEval().get("disc_loss"), 0.05, "zero bias starts at p = 0.5");
    assertEquals(
        entropy,
        prior.firstEval().get("disc_loss"),
        0.05,
        "prior bias starts at the base rate's entropy");
  }
}
