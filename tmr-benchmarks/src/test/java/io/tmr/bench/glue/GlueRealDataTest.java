package io.tmr.bench.glue;

import static io.tmr.bench.task.SharedData.require;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.score.GlueScorer;
import io.tmr.bench.score.ScoreReport;
import io.tmr.bench.score.ScoringException;
import io.tmr.bench.task.Label;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextExample;
import io.tmr.bench.task.TextTask;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The GLUE files held in {@code ../shared/data/glue} (skipped when absent): row and label counts as
 * published in SOURCES.md, and majority-class baselines, with the majority computed here by plain
 * line splitting, independently of the readers.
 */
class GlueRealDataTest {

  private static TextDataset read(TextTask task, String file, Split split) throws IOException {
    return task.read(require("glue/" + file), split, ReadOptions.defaults());
  }

  private static Map<String, Long> labelCounts(TextDataset d) {
    return d.examples().stream()
        .collect(Collectors.groupingBy(e -> e.gold().text(), TreeMap::new, Collectors.counting()));
  }

  @Test
  void sst2() throws IOException {
    Sst2Task task = new Sst2Task();
    TextDataset train = read(task, "SST-2/train.tsv", Split.TRAIN);
    TextDataset dev = read(task, "SST-2/dev.tsv", Split.DEV);
    assertEquals(67_349, train.size());
    assertEquals(872, dev.size());
    assertEquals(Map.of("0", 29_780L, "1", 37_569L), labelCounts(train));
    assertEquals(Map.of("0", 428L, "1", 444L), labelCounts(dev));
    assertEquals("hide new secretions from the parental units ", train.examples().get(0).textA());
    assertEquals("it 's a charming and often affecting journey . ", dev.examples().get(0).textA());
  }

  @Test
  void mrpc() throws IOException {
    MrpcTask task = new MrpcTask();
    TextDataset train = read(task, "MRPC/train.tsv", Split.TRAIN);
    TextDataset dev = read(task, "MRPC/dev.tsv", Split.DEV);
    assertEquals(3_668, train.size());
    assertEquals(408, dev.size());
    assertEquals(Map.of("0", 1_194L, "1", 2_474L), labelCounts(train));
    assertEquals(Map.of("0", 129L, "1", 279L), labelCounts(dev));
    TextDataset doubled =
        task.read(require("glue/MRPC/train.tsv"), Split.TRAIN, ReadOptions.electraTraining());
    assertEquals(2 * 3_668, doubled.size());
    assertEquals(3_668, doubled.examples().stream().filter(TextExample::swapped).count());
  }

  @Test
  void stsb() throws IOException {
    StsbTask task = new StsbTask();
    TextDataset train = read(task, "STS-B/train.tsv", Split.TRAIN);
    TextDataset dev = read(task, "STS-B/dev.tsv", Split.DEV);
    assertEquals(5_749, train.size());
    assertEquals(1_500, dev.size());
    assertIndexIsPosition(train);
    assertIndexIsPosition(dev);
    assertEquals(5.0, dev.examples().get(0).target());
    assertEquals("A man with a hard hat is dancing.", dev.examples().get(0).textA());
    assertTrue(dev.examples().stream().allMatch(e -> e.target() >= 0 && e.target() <= 5));
  }

  @Test
  void rte() throws IOException {
    RteTask task = new RteTask();
    TextDataset train = read(task, "RTE/train.tsv", Split.TRAIN);
    TextDataset dev = read(task, "RTE/dev.tsv", Split.DEV);
    assertEquals(Map.of("entailment", 1_249L, "not_entailment", 1_241L), labelCounts(train));
    assertEquals(Map.of("entailment", 146L, "not_entailment", 131L), labelCounts(dev));
    assertIndexIsPosition(train);
    assertIndexIsPosition(dev);
  }

  private static void assertIndexIsPosition(TextDataset d) {
    for (int i = 0; i < d.size(); i++) {
      assertEquals(i, d.examples().get(i).index());
    }
  }

  @Test
  void majorityClassBaselinesOnDev() throws IOException {
    // Published counts: RTE dev 146 of 277 entailment, MRPC dev 279 of 408 paraphrases, SST-2 dev
    // 444 of 872.
    ScoreReport rte = majority(new RteTask(), "RTE/dev.tsv", 1, 3);
    assertEquals(100.0 * 146 / 277, rte.get("accuracy"), 1e-9);
    ScoreReport mrpc = majority(new MrpcTask(), "MRPC/dev.tsv", 1, 0);
    assertEquals(100.0 * 279 / 408, mrpc.get("accuracy"), 1e-9);
    // All predicted positive: TP 279, FP 129, FN 0 -> F1 = 558 / 687.
    assertEquals(100.0 * 558 / 687, mrpc.get("f1"), 1e-9);
    ScoreReport sst2 = majority(new Sst2Task(), "SST-2/dev.tsv", 1, 1);
    assertEquals(100.0 * 444 / 872, sst2.get("accuracy"), 1e-9);
  }

  /**
   * Predicts the most frequent label of the file for every row, counting labels by splitting lines
   * here rather than through the reader.
   */
  private static ScoreReport majority(TextTask task, String file, int headerLines, int labelColumn)
      throws IOException {
    Path path = require("glue/" + file);
    List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    List<String> labels =
        lines.subList(headerLines, lines.size()).stream()
            .map(l -> l.split("\t", -1)[labelColumn])
            .toList();
    String top =
        labels.stream()
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
            .entrySet()
            .stream()
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    Map<Integer, Label> predictions = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      predictions.put(i, task.parseLabel(top));
    }
    try {
      return GlueScorer.score(
          task, task.read(path, Split.DEV, ReadOptions.defaults()), predictions);
    } catch (ScoringException e) {
      throw new AssertionError(e);
    }
  }
}
