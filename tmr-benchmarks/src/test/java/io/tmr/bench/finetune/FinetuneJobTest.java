package io.tmr.bench.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.bench.glue.GluePredictionFile;
import io.tmr.bench.glue.RteTask;
import io.tmr.bench.glue.StsbTask;
import io.tmr.bench.score.GlueScorer;
import io.tmr.bench.score.SquadV1Scorer;
import io.tmr.bench.squad.SquadDatasetFile;
import io.tmr.bench.squad.SquadPredictionsFile;
import io.tmr.bench.squad.SquadV1Task;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaScoring;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The results folder of a multi-seed job: files, scores as the scorers compute them, statistics.
 */
class FinetuneJobTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void glueJobWritesLeaderboardFilesAndSummarisesSeeds() throws Exception {
    Path data = ToyGlue.write(tmp.resolve("glue"), 96, 40, 11);
    EncoderSource source = TinyModels.randomEncoder(ToyGlue.VOCAB, 16, 1, DataType.FLOAT, 0.02);
    FinetuneRecipe recipe =
        FinetuneRecipe.electra("RTE")
            .withEpochs(2)
            .withBatchSize(16)
            .withMaxLength(32)
            .withLearningRate(3e-3);
    RteTask rte = new RteTask();
    Path dir = tmp.resolve("out/RTE");
    FinetuneJob.Result result =
        FinetuneJob.glue(rte, data, source, recipe, List.of(1L, 2L, 3L), dir);

    TextDataset dev = rte.read(rte.file(data, Split.DEV), Split.DEV, ReadOptions.defaults());
    double[] accuracies = new double[3];
    for (int s = 1; s <= 3; s++) {
      Path predictions = dir.resolve("seed-" + s + "/RTE.tsv");
      List<String> lines = Files.readAllLines(predictions);
      assertEquals("index\tprediction", lines.get(0));
      assertEquals(41, lines.size(), "header + one row per dev example");
      // What `tmr score glue` computes from the file.
      accuracies[s - 1] =
          GlueScorer.score(rte, dev, GluePredictionFile.read(predictions, rte)).get("accuracy");
      List<String> test = Files.readAllLines(dir.resolve("seed-" + s + "/test/RTE.tsv"));
      assertEquals(41, test.size(), "test predictions for a leaderboard submission");
      assertTrue(
          test.subList(1, 41).stream()
              .allMatch(l -> l.endsWith("\tentailment") || l.endsWith("\tnot_entailment")));
      JsonNode metrics = JSON.readTree(dir.resolve("seed-" + s + "/metrics.json").toFile());
      assertEquals(accuracies[s - 1], metrics.at("/scores/accuracy").asDouble());
      assertEquals(12, metrics.at("/training/steps").asLong(), "96 / 16 x 2 epochs");
    }
    SeedStatistics accuracy = result.metrics().get("accuracy");
    assertEquals(List.of(accuracies[0], accuracies[1], accuracies[2]), accuracy.values());
    assertEquals(SeedStatistics.of(accuracy.values()), accuracy);

    JsonNode json = JSON.readTree(dir.resolve("results.json").toFile());
    assertEquals("RTE", json.get("task").asText());
    assertEquals("dev", json.get("evaluation").asText());
    assertEquals("random-init", json.at("/source/kind").asText());
    assertEquals(96, json.get("trainExamples").asInt());
    assertEquals(3, json.get("seeds").size());
    assertEquals(accuracy.median(), json.at("/metrics/accuracy/median").asDouble());
    assertEquals(accuracy.std(), json.at("/metrics/accuracy/std").asDouble());
    assertEquals(accuracy.min(), json.at("/metrics/accuracy/min").asDouble());
    assertEquals(2, json.at("/settings/epochs").asInt());
    assertTrue(json.at("/inputs/testFile").asText().endsWith("test.tsv"));
    assertTrue(json.at("/timing/trainSequencesPerSecond/median").asDouble() > 0);
    assertTrue(json.at("/timing/evalSeconds/median").asDouble() > 0);
    String md = Files.readString(dir.resolve("results.md"));
    assertTrue(md.contains("| accuracy | " + ResultsTable.number(accuracy.median()) + " |"), md);
    String summary = ResultsTable.summary(List.of(result), source);
    assertTrue(
        summary.contains("| RTE | dev | accuracy | " + ResultsTable.number(accuracy.median())),
        summary);
  }

  @Test
  void regressionJobReportsBothCorrelations() throws Exception {
    Path data = ToyGlue.write(tmp.resolve("glue"), 64, 30, 12);
    EncoderSource source = TinyModels.randomEncoder(ToyGlue.VOCAB, 16, 1, DataType.FLOAT, 0.02);
    FinetuneJob.Result result =
        FinetuneJob.glue(
            new StsbTask(),
            data,
            source,
            FinetuneRecipe.electra("STS-B").withEpochs(1).withBatchSize(16).withMaxLength(32),
            List.of(7L),
            tmp.resolve("STS-B"));
    assertEquals(List.of("pearson", "spearman"), List.copyOf(result.metrics().keySet()));
    assertEquals(128, result.trainExamples(), "doubled pairs");
    List<String> rows = Files.readAllLines(tmp.resolve("STS-B/seed-7/STS-B.tsv"));
    assertEquals(31, rows.size());
    double value = Double.parseDouble(rows.get(1).split("\t")[1]);
    assertTrue(Double.isFinite(value));
  }

  @Test
  void squadJobWritesGoldPredictionsAndNBest() throws Exception {
    QaDataset train = ToySquad.dataset("1.1", 4, 21, false);
    QaDataset eval = ToySquad.dataset("1.1", 2, 22, false);
    EncoderSource source = TinyModels.randomEncoder(ToySquad.VOCAB, 16, 1, DataType.FLOAT, 0.02);
    Path dir = tmp.resolve("squad");
    FinetuneJob.Result result =
        FinetuneJob.squad(
            new SquadV1Task(),
            train,
            eval,
            "toy eval",
            source,
            FinetuneRecipe.electra("SQuAD-v1.1").withEpochs(1).withBatchSize(8).withMaxLength(32),
            SpanSettings.electra().withNBest(3),
            List.of(1L, 2L),
            dir);
    QaDataset gold = SquadDatasetFile.read(dir.resolve("eval-gold.json"), QaScoring.SQUAD_V1_1);
    assertEquals(eval, gold, "the gold file is the evaluation part as read");
    for (long s : List.of(1L, 2L)) {
      Path seedDir = dir.resolve("seed-" + s);
      double em =
          SquadV1Scorer.score(
                  gold, SquadPredictionsFile.readPredictions(seedDir.resolve("predictions.json")))
              .get("exact_match");
      assertEquals(em, result.seeds().get((int) s - 1).scores().get("exact_match"));
      JsonNode nBest = JSON.readTree(seedDir.resolve("nbest_predictions.json").toFile());
      assertEquals(20, nBest.size());
      assertTrue(nBest.get("q0").size() <= 3);
      assertTrue(nBest.get("q0").get(0).has("probability"));
    }
    assertEquals(List.of("exact_match", "f1"), List.copyOf(result.metrics().keySet()));
    assertEquals("toy eval", result.evaluation());
    JsonNode json = JSON.readTree(dir.resolve("results.json").toFile());
    assertEquals(3, json.at("/spanSettings/nBest").asInt());
    assertEquals(4, json.at("/inputs/trainArticles").asInt());
  }
}
