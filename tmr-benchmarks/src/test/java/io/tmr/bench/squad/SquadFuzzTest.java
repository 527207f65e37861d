package io.tmr.bench.squad;

import static io.tmr.bench.task.SharedData.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tmr.bench.task.DataFormatException;
import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaExample;
import io.tmr.bench.task.QaScoring;
import io.tmr.config.fuzz.Fuzz;
import io.tmr.config.fuzz.Malformed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * Fuzzing the SQuAD readers: malformed variants (byte edits and edits of the JSON tree) of v1.1 and
 * v2.0 datasets, prediction files and no-answer probability files end in a {@link
 * DataFormatException} naming the file, or are read; generated valid files round-trip.
 */
class SquadFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("squad-fuzz");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    Fuzz.deleteFolder(dir);
  }

  record Case(QaScoring scoring, byte[] input) {}

  @Provide
  Arbitrary<Case> malformedDatasets() throws IOException {
    byte[] v1 = Files.readAllBytes(fixture("/squad/v1-small.json"));
    byte[] v2 = Files.readAllBytes(fixture("/squad/v2-small.json"));
    return Arbitraries.oneOf(
        Malformed.variants(v1, JSON).map(b -> new Case(QaScoring.SQUAD_V1_1, b)),
        Malformed.variants(v2, JSON).map(b -> new Case(QaScoring.SQUAD_V2_0, b)));
  }

  @Property(tries = 2000, seed = Fuzz.SEED)
  void malformedDatasetsAreReadOrRefusedNamingTheFile(@ForAll("malformedDatasets") Case c) {
    Path f = Fuzz.write(dir.resolve("dev.json"), c.input());
    Fuzz.verdict(
        "SQuAD dataset", DataFormatException.class, f, () -> SquadDatasetFile.read(f, c.scoring()));
  }

  @Provide
  Arbitrary<byte[]> malformedPredictions() {
    byte[] valid = "{\"q1\": \"Denver Broncos\", \"q2\": \"\", \"q3\": \"caf\u00e9\"}".getBytes();
    return Malformed.variants(valid, JSON);
  }

  @Property(tries = 1000, seed = Fuzz.SEED)
  void malformedPredictionsAreReadOrRefusedNamingTheFile(
      @ForAll("malformedPredictions") byte[] input) {
    Path f = Fuzz.write(dir.resolve("predictions.json"), input);
    Fuzz.verdict(
        "SQuAD predictions",
        DataFormatException.class,
        f,
        () -> SquadPredictionsFile.readPredictions(f));
  }

  @Provide
  Arbitrary<byte[]> malformedProbabilities() {
    byte[] valid = "{\"q1\": 0.25, \"q2\": 1, \"q3\": 0.0}".getBytes();
    return Malformed.variants(valid, JSON);
  }

  @Property(tries = 1000, seed = Fuzz.SEED)
  void malformedNoAnswerProbabilitiesAreReadOrRefusedAndReadOnesAreFinite(
      @ForAll("malformedProbabilities") byte[] input) {
    Path f = Fuzz.write(dir.resolve("na_prob.json"), input);
    Map<String, Double> read = new LinkedHashMap<>();
    Fuzz.verdict(
        "SQuAD no-answer probabilities",
        DataFormatException.class,
        f,
        () -> read.putAll(SquadPredictionsFile.readNoAnswerProbabilities(f)));
    for (double p : read.values()) {
      if (!Double.isFinite(p)) {
        throw new AssertionError("a non-finite probability was accepted: " + p);
      }
    }
  }

  /** A paragraph: its context and, per question, the answer's code-point start and length. */
  record Paragraph(List<Integer> context, List<int[]> answers) {}

  @Provide
  Arbitrary<List<Paragraph>> paragraphs() {
    // Code points including a supplementary one, so offsets (code points, as Python counts) and
    // Java's char offsets differ.
    Arbitrary<Integer> codePoint =
        Arbitraries.oneOf(
            Arbitraries.integers().between('a', 'z'),
            Arbitraries.of((int) ' ', (int) '\u00e9', (int) '\u4e2d', 0x1F3C8));
    Arbitrary<List<Integer>> context = codePoint.list().ofMinSize(1).ofMaxSize(60);
    Arbitrary<int[]> span =
        Combinators.combine(
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(1, 12))
            .as((a, b) -> new int[] {a, b});
    return Combinators.combine(context, span.list().ofMinSize(1).ofMaxSize(4))
        .as(Paragraph::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Property(tries = 1000, seed = Fuzz.SEED)
  void validDatasetsRoundTrip(@ForAll("paragraphs") List<Paragraph> paragraphs) throws IOException {
    ObjectNode root = JSON.createObjectNode().put("version", "1.1");
    ArrayNode ps = root.putArray("data").addObject().put("title", "T").putArray("paragraphs");
    int q = 0;
    for (Paragraph p : paragraphs) {
      int[] cps = p.context().stream().mapToInt(Integer::intValue).toArray();
      String context = new String(cps, 0, cps.length);
      ArrayNode qas = ps.addObject().put("context", context).putArray("qas");
      for (int[] a : p.answers()) {
        int start = a[0] % cps.length;
        int len = Math.min(a[1], cps.length - start);
        ObjectNode qa = qas.addObject().put("id", "q" + q++).put("question", "What?");
        qa.putArray("answers")
            .addObject()
            .put("text", new String(cps, start, len))
            .put("answer_start", start);
      }
    }
    Path f = dir.resolve("generated.json");
    JSON.writeValue(f.toFile(), root);
    QaDataset d = SquadDatasetFile.read(f, QaScoring.SQUAD_V1_1);
    for (QaExample e : d.examples()) {
      QaAnswer a = e.answers().get(0);
      assertEquals(a.text(), e.context().substring(a.charStart(), a.charEnd()));
    }
    Path again = dir.resolve("written.json");
    SquadDatasetFile.write(again, d);
    assertEquals(d, SquadDatasetFile.read(again, QaScoring.SQUAD_V1_1));

    Map<String, String> predictions = new LinkedHashMap<>();
    d.examples().forEach(e -> predictions.put(e.id(), e.answers().get(0).text()));
    Path p = dir.resolve("predictions.json");
    SquadPredictionsFile.write(p, predictions);
    assertEquals(predictions, SquadPredictionsFile.readPredictions(p));
  }
}
