package io.tmr.bench.glue;

import static io.tmr.bench.task.SharedData.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.task.ClassLabel;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.RegressionTarget;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextExample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading well-formed files of every layout. */
class TsvTaskTest {

  @Test
  void rteDevKeepsTextVerbatimAndUsesTheIndexColumn() throws IOException {
    TextDataset d =
        new RteTask().read(fixture("/glue/rte-dev.tsv"), Split.DEV, ReadOptions.defaults());
    assertEquals(4, d.size());
    assertEquals(List.of(), d.skippedLines());
    TextExample second = d.examples().get(1);
    assertEquals(1, second.index());
    assertEquals("\"Quoted\" text stays verbatim, quotes included.", second.textA());
    assertEquals("Nothing is quoted.", second.textB());
    assertEquals(new ClassLabel(1, "not_entailment"), second.gold());
    assertEquals(1, second.classId());
    assertEquals(3, second.line());
    assertEquals(List.of(0, 1, 1, 0), d.examples().stream().map(TextExample::classId).toList());
  }

  @Test
  void mrpcAcceptsTheLeadingBomAndDoublesUnorderedPairsOnRequest() throws IOException {
    MrpcTask mrpc = new MrpcTask();
    TextDataset plain =
        mrpc.read(fixture("/glue/mrpc-train.tsv"), Split.TRAIN, ReadOptions.defaults());
    assertEquals(3, plain.size());
    assertEquals("\" Yes , \" she said .", plain.examples().get(2).textA());
    assertEquals(List.of(0, 1, 2), plain.examples().stream().map(TextExample::index).toList());

    TextDataset doubled =
        mrpc.read(fixture("/glue/mrpc-train.tsv"), Split.TRAIN, ReadOptions.electraTraining());
    assertEquals(6, doubled.size());
    TextExample original = doubled.examples().get(0);
    TextExample copy = doubled.examples().get(3);
    assertFalse(original.swapped());
    assertTrue(copy.swapped());
    assertEquals(original.textA(), copy.textB());
    assertEquals(original.textB(), copy.textA());
    assertEquals(original.gold(), copy.gold());
    assertEquals(original.index(), copy.index());
  }

  @Test
  void doublingIsIgnoredForOrderedPairTasks() throws IOException {
    TextDataset d =
        new RteTask().read(fixture("/glue/rte-dev.tsv"), Split.DEV, ReadOptions.electraTraining());
    assertEquals(4, d.size());
  }

  @Test
  void colaTrainAndDevHaveNoHeader() throws IOException {
    TextDataset d =
        new ColaTask().read(fixture("/glue/cola-dev.tsv"), Split.DEV, ReadOptions.defaults());
    assertEquals(3, d.size());
    assertEquals("Our friends won't buy this analysis.", d.examples().get(0).textA());
    assertNull(d.examples().get(0).textB());
    assertEquals(List.of(1, 0, 1), d.examples().stream().map(TextExample::classId).toList());
    assertEquals(1, d.examples().get(0).line());
  }

  @Test
  void stsbReadsRealScores() throws IOException {
    TextDataset d =
        new StsbTask().read(fixture("/glue/stsb-dev.tsv"), Split.DEV, ReadOptions.defaults());
    assertEquals(List.of(5.0, 3.8, 0.0), d.examples().stream().map(TextExample::target).toList());
    assertEquals(new RegressionTarget(3.8), d.examples().get(1).gold());
    assertThrows(IllegalStateException.class, () -> d.examples().get(0).classId());
    assertEquals("An air plane is taking off.", d.examples().get(0).textB());
  }

  @Test
  void qqpSkipsRowsBrokenByLineBreaksAndCountsThem() throws IOException {
    TextDataset d =
        new QqpTask().read(fixture("/glue/qqp-dev.tsv"), Split.DEV, ReadOptions.defaults());
    assertEquals(List.of(3, 4), d.skippedLines());
    assertEquals(2, d.size());
    assertEquals(List.of(0, 1), d.examples().stream().map(TextExample::index).toList());
    assertEquals(List.of(0, 1), d.examples().stream().map(TextExample::classId).toList());
    assertEquals("How do I lose weight?", d.examples().get(1).textA());
  }

  @Test
  void mnliUsesTheReferenceLabelOrderAndTheLastColumn() throws IOException {
    MnliMatchedTask mnli = new MnliMatchedTask();
    assertEquals(List.of("contradiction", "entailment", "neutral"), mnli.labels());
    TextDataset d =
        mnli.read(fixture("/glue/mnli-dev_matched.tsv"), Split.DEV, ReadOptions.defaults());
    assertEquals(List.of(2, 0), d.examples().stream().map(TextExample::classId).toList());
    assertEquals("Everyone really likes the newest benefits ", d.examples().get(0).textB());
    assertEquals("dev_matched.tsv", mnli.fileName(Split.DEV));
    assertEquals("dev_mismatched.tsv", new MnliMismatchedTask().fileName(Split.DEV));
    assertEquals("MNLI-mm.tsv", new MnliMismatchedTask().leaderboardFileName());
  }

  @Test
  void axDevIsTheLabeledDiagnosticAndHasNoTrainSplit() throws IOException {
    AxTask ax = new AxTask();
    TextDataset d =
        ax.read(fixture("/glue/ax-diagnostic-full.tsv"), Split.DEV, ReadOptions.defaults());
    assertEquals(3, d.size());
    assertEquals("A man bought a vehicle.", d.examples().get(2).textB());
    assertEquals(List.of(0, 0, 1), d.examples().stream().map(TextExample::classId).toList());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ax.read(
                    fixture("/glue/ax-diagnostic-full.tsv"), Split.TRAIN, ReadOptions.defaults()));
    assertTrue(e.getMessage().contains("AX has no TRAIN split"), e.getMessage());
    assertTrue(ax.glueAverageGroup().isEmpty());
  }

  @Test
  void testFilesHaveNoLabels() throws IOException {
    TextDataset d =
        new Sst2Task().read(fixture("/glue/sst2-test.tsv"), Split.TEST, ReadOptions.defaults());
    assertEquals(2, d.size());
    assertTrue(d.examples().get(0).goldLabel().isEmpty());
    assertEquals(1, d.examples().get(1).index());
    assertThrows(IllegalStateException.class, () -> d.examples().get(0).classId());
  }

  @Test
  void parseLabelAcceptsOnlyTheTasksLabels() {
    RteTask rte = new RteTask();
    assertEquals(new ClassLabel(0, "entailment"), rte.parseLabel("entailment"));
    assertThrows(IllegalArgumentException.class, () -> rte.parseLabel("Entailment"));
    StsbTask stsb = new StsbTask();
    assertEquals(new RegressionTarget(4.25), stsb.parseLabel("4.25"));
    // Out of the gold range is fine for a prediction; only gold files are range-checked.
    assertEquals(new RegressionTarget(7.0), stsb.parseLabel("7"));
    assertThrows(IllegalArgumentException.class, () -> stsb.parseLabel("nan"));
    assertThrows(IllegalArgumentException.class, () -> stsb.parseLabel("1e999"));
  }

  @Test
  void taskMetadataMatchesTheGlueConventions() {
    assertEquals(
        List.of("accuracy", "f1"), new MrpcTask().metrics().stream().map(m -> m.key()).toList());
    assertEquals("1", new QqpTask().positiveLabel().orElseThrow());
    assertEquals(List.of("mcc"), new ColaTask().metrics().stream().map(m -> m.key()).toList());
    assertEquals(
        List.of("pearson", "spearman"),
        new StsbTask().metrics().stream().map(m -> m.key()).toList());
    assertTrue(new StsbTask().unorderedPair());
    assertFalse(new QqpTask().unorderedPair());
    assertEquals("MNLI", new MnliMatchedTask().glueAverageGroup().orElseThrow());
    assertEquals(
        Path.of("glue", "MNLI", "test_mismatched.tsv"),
        new MnliMismatchedTask().file(Path.of("glue"), Split.TEST));
    assertEquals(
        Path.of("glue", "diagnostic", "diagnostic.tsv"),
        new AxTask().file(Path.of("glue"), Split.TEST));
  }
}
