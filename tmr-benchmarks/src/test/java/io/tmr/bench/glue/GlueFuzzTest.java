package io.tmr.bench.glue;

import static io.tmr.bench.task.SharedData.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tmr.bench.task.ClassLabel;
import io.tmr.bench.task.DataFormatException;
import io.tmr.bench.task.Label;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.RegressionTarget;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextExample;
import io.tmr.bench.task.TextTask;
import io.tmr.config.fuzz.Fuzz;
import io.tmr.config.fuzz.Malformed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing the GLUE readers: malformed variants of real layouts (every TSV layout the tasks read,
 * and prediction files) end in a {@link DataFormatException} naming the file, or are read;
 * generated valid files round-trip.
 */
class GlueFuzzTest {
  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("glue-fuzz");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    Fuzz.deleteFolder(dir);
  }

  /** A task, the split its fixture is laid out as, and the fixture. */
  record Layout(TextTask task, Split split, String file) {
    byte[] bytes() throws IOException {
      return Files.readAllBytes(fixture("/glue/" + file));
    }

    @Override
    public String toString() {
      return task.name() + " " + split;
    }
  }

  static final List<Layout> LAYOUTS =
      List.of(
          new Layout(new RteTask(), Split.DEV, "rte-dev.tsv"),
          new Layout(new StsbTask(), Split.DEV, "stsb-dev.tsv"),
          new Layout(new Sst2Task(), Split.TEST, "sst2-test.tsv"),
          new Layout(new ColaTask(), Split.DEV, "cola-dev.tsv"),
          new Layout(new MrpcTask(), Split.TRAIN, "mrpc-train.tsv"),
          new Layout(new QqpTask(), Split.DEV, "qqp-dev.tsv"),
          new Layout(new MnliMatchedTask(), Split.DEV, "mnli-dev_matched.tsv"));

  record Case(Layout layout, byte[] input) {}

  @Provide
  Arbitrary<Case> malformedTsv() {
    return Arbitraries.of(LAYOUTS)
        .flatMap(
            l -> {
              try {
                return Malformed.bytes(l.bytes()).map(b -> new Case(l, b));
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
  }

  @Property(tries = 2000, seed = Fuzz.SEED)
  void malformedTsvIsReadOrRefusedNamingTheFile(@ForAll("malformedTsv") Case c) {
    Path f = Fuzz.write(dir.resolve("input.tsv"), c.input());
    Fuzz.verdict(
        "GLUE TSV",
        DataFormatException.class,
        f,
        () -> c.layout().task().read(f, c.layout().split(), ReadOptions.defaults()));
    Statistics.label("layout").collect(c.layout().toString());
  }

  @Provide
  Arbitrary<byte[]> malformedPredictions() {
    String valid = "index\tprediction\n0\tentailment\n1\tnot_entailment\n2\tentailment\n";
    return Malformed.bytes(valid.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 1000, seed = Fuzz.SEED)
  void malformedPredictionFilesAreReadOrRefusedNamingTheFile(
      @ForAll("malformedPredictions") byte[] input) {
    Path f = Fuzz.write(dir.resolve("RTE.tsv"), input);
    Fuzz.verdict(
        "GLUE predictions (RTE)",
        DataFormatException.class,
        f,
        () -> GluePredictionFile.read(f, new RteTask()));
  }

  @Provide
  Arbitrary<byte[]> malformedRegressionPredictions() {
    String valid = "index\tprediction\n0\t4.25\n1\t0.000\n2\t5\n";
    return Malformed.bytes(valid.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 1000, seed = Fuzz.SEED)
  void malformedRegressionPredictionsAreReadOrRefusedAndReadOnesAreFinite(
      @ForAll("malformedRegressionPredictions") byte[] input) {
    Path f = Fuzz.write(dir.resolve("STS-B.tsv"), input);
    List<Map<Integer, Label>> read = new ArrayList<>();
    String v =
        Fuzz.verdict(
            "GLUE predictions (STS-B)",
            DataFormatException.class,
            f,
            () -> read.add(GluePredictionFile.read(f, new StsbTask())));
    if (v.equals("read")) {
      for (Label l : read.get(0).values()) {
        double x = ((RegressionTarget) l).value();
        if (!Double.isFinite(x)) {
          throw new AssertionError("a non-finite prediction was accepted: " + x);
        }
      }
    }
  }

  /** Text a TSV cell can hold: no tab, no line break, no control character. */
  static Arbitrary<String> cell() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('\u00e9', '\u00df', '\u4e2d', '\u0416', '\u2019')
        .ofMinLength(1)
        .ofMaxLength(40)
        .filter(s -> !s.isBlank());
  }

  record Row(String a, String b, int label) {}

  @Provide
  Arbitrary<List<Row>> rteRows() {
    return Combinators.combine(cell(), cell(), Arbitraries.integers().between(0, 1))
        .as(Row::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(20);
  }

  @Property(tries = 1000, seed = Fuzz.SEED)
  void validTsvRoundTrips(@ForAll("rteRows") List<Row> rows) throws IOException {
    RteTask rte = new RteTask();
    StringBuilder sb = new StringBuilder("index\tsentence1\tsentence2\tlabel\n");
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(i)
          .append('\t')
          .append(r.a())
          .append('\t')
          .append(r.b())
          .append('\t')
          .append(rte.labels().get(r.label()))
          .append('\n');
    }
    Path f = Fuzz.write(dir.resolve("dev.tsv"), sb.toString().getBytes(StandardCharsets.UTF_8));
    TextDataset d = rte.read(f, Split.DEV, ReadOptions.defaults());
    assertEquals(rows.size(), d.size());
    for (int i = 0; i < rows.size(); i++) {
      TextExample e = d.examples().get(i);
      assertEquals(i, e.index());
      assertEquals(rows.get(i).a(), e.textA());
      assertEquals(rows.get(i).b(), e.textB());
      assertEquals(rte.labels().get(rows.get(i).label()), e.gold().text());
    }
    // Predictions of those labels round-trip through the leaderboard file.
    Map<Integer, Label> predictions = new LinkedHashMap<>();
    for (TextExample e : d.examples()) {
      predictions.put(e.index(), (ClassLabel) e.gold());
    }
    Path p = dir.resolve("RTE.tsv");
    GluePredictionFile.write(p, rte, predictions);
    assertEquals(predictions, GluePredictionFile.read(p, rte));
  }
}
