package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScoreCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** The exit code, stdout and stderr of one run. */
  private record Run(int exit, String out, String err) {
    JsonNode json() throws IOException {
      assertEquals(1, out.strip().lines().count(), "one JSON line on stdout: " + out);
      return JSON.readTree(out);
    }

    List<String> keys() throws IOException {
      List<String> keys = new ArrayList<>();
      json().fieldNames().forEachRemaining(keys::add);
      return keys;
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new ScoreCommand())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path write(String name, String content) throws IOException {
    return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
  }

  private Path rteGold() throws IOException {
    return write(
        "rte-dev.tsv",
        "index\tsentence1\tsentence2\tlabel\n0\ta\tb\tentailment\n1\tc\td\tnot_entailment\n"
            + "2\te\tf\tnot_entailment\n3\tg\th\tentailment\n");
  }

  @Test
  void glueAccuracyOnRte() throws IOException {
    Path pred =
        write(
            "RTE.tsv",
            "index\tprediction\n0\tentailment\n1\tentailment\n2\tnot_entailment\n"
                + "3\tnot_entailment\n");
    Run r =
        run(
            "glue",
            "--task",
            "rte",
            "--gold",
            rteGold().toString(),
            "--predictions",
            pred.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of("accuracy"), r.keys());
    assertEquals(50.0, r.json().get("accuracy").asDouble(), 1e-12);
  }

  @Test
  void glueConstantStsbPredictionsGiveNullCorrelations() throws IOException {
    String header =
        "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n";
    Path gold =
        write(
            "sts.tsv", header + "0\tg\tf\ty\to\ts\ts\ta\tb\t1.0\n1\tg\tf\ty\to\ts\ts\tc\td\t4.0\n");
    Path pred = write("STS-B.tsv", "index\tprediction\n0\t2.5\n1\t2.5\n");
    Run r =
        run("glue", "--task", "STS-B", "--gold", gold.toString(), "--predictions", pred.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of("pearson", "spearman"), r.keys());
    assertTrue(r.json().get("pearson").isNull());
  }

  @Test
  void glueInputErrorsExitWithOneAndNameTheLine() throws IOException {
    Path pred = write("RTE.tsv", "index\tprediction\n0\tentailment\n1\tmaybe\n");
    Run bad =
        run(
            "glue",
            "--task",
            "RTE",
            "--gold",
            rteGold().toString(),
            "--predictions",
            pred.toString());
    assertEquals(ScoreCommand.INPUT_ERROR, bad.exit());
    assertTrue(bad.err().contains("RTE.tsv: line 3: field 'prediction'"), bad.err());
    assertEquals("", bad.out());

    Path partial = write("partial.tsv", "index\tprediction\n0\tentailment\n");
    Run missing =
        run(
            "glue",
            "--task",
            "RTE",
            "--gold",
            rteGold().toString(),
            "--predictions",
            partial.toString());
    assertEquals(ScoreCommand.INPUT_ERROR, missing.exit());
    assertTrue(missing.err().contains("3 examples have no prediction"), missing.err());

    Run absent =
        run(
            "glue",
            "--task",
            "RTE",
            "--gold",
            dir.resolve("nope.tsv").toString(),
            "--predictions",
            partial.toString());
    assertEquals(ScoreCommand.INPUT_ERROR, absent.exit());
    assertTrue(absent.err().contains("no such file"), absent.err());
  }

  @Test
  void usageErrorsExitWithTwo() throws IOException {
    Run unknown =
        run("glue", "--task", "MNLI", "--gold", rteGold().toString(), "--predictions", "x");
    assertEquals(2, unknown.exit());
    assertTrue(unknown.err().contains("unknown task 'MNLI'; known tasks: CoLA"), unknown.err());
    assertEquals(
        2, run("glue", "--task", "SQuAD-v1.1", "--gold", "g", "--predictions", "p").exit());
    assertEquals(
        2,
        run("glue", "--task", "RTE", "--gold", "g", "--predictions", "p", "--split", "test")
            .exit());
    assertEquals(2, run().exit());
    assertEquals(2, run("squad", "--gold", "g", "--predictions", "p", "--version", "3").exit());
    assertEquals(2, run("squad", "--gold", "g", "--predictions", "p", "--na-probs", "n").exit());
  }

  private Path squadGold(boolean withNoAnswer) throws IOException {
    String answerable =
        "{\"id\": \"q1\", \"question\": \"Who won?\", \"answers\": [{\"text\": \"Denver Broncos\", "
            + "\"answer_start\": 4}]}, {\"id\": \"q2\", \"question\": \"Mark?\", \"answers\": [{\"text\": \".\", "
            + "\"answer_start\": 18}]}";
    String noAnswer =
        ", {\"id\": \"q3\", \"question\": \"Who lost?\", \"answers\": [], \"is_impossible\": true}";
    return write(
        "gold.json",
        "{\"version\": \""
            + (withNoAnswer ? "v2.0" : "1.1")
            + "\", \"data\": [{\"title\": "
            + "\"T\", \"paragraphs\": [{\"context\": \"The Denver Broncos.\", \"qas\": ["
            + answerable
            + (withNoAnswer ? noAnswer : "")
            + "]}]}]}");
  }

  @Test
  void helpWorksOnEverySubcommandAndSquadVersionIsTheSquadVersion() {
    Run squadHelp = run("squad", "--help");
    assertEquals(0, squadHelp.exit());
    assertTrue(squadHelp.out().contains("--version=1.1|2.0"), squadHelp.out());
    assertTrue(squadHelp.out().contains("-h, --help"), squadHelp.out());
    Run glueHelp = run("glue", "-h");
    assertEquals(0, glueHelp.exit());
    assertTrue(glueHelp.out().contains("--task=TASK"), glueHelp.out());
    assertEquals(0, run("--help").exit());
  }

  @Test
  void squadV11KeysAndUnansweredNote() throws IOException {
    Path pred = write("pred.json", "{\"q1\": \"the denver broncos!\"}");
    Run r = run("squad", "--gold", squadGold(false).toString(), "--predictions", pred.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(List.of("exact_match", "f1"), r.keys());
    // q1 matches; q2 unanswered scores 0 but counts.
    assertEquals(50.0, r.json().get("exact_match").asDouble(), 1e-12);
    assertEquals(50.0, r.json().get("f1").asDouble(), 1e-12);
    assertTrue(r.err().contains("1 unanswered question(s) receive score 0, e.g. q2"), r.err());
  }

  @Test
  void squadV20WithProbabilitiesReportsTheOfficialKeys() throws IOException {
    Path pred = write("pred.json", "{\"q1\": \"Denver\", \"q2\": \"\", \"q3\": \"\"}");
    Path na = write("na.json", "{\"q1\": 0.2, \"q2\": 0.9, \"q3\": 0.9}");
    Run r =
        run(
            "squad",
            "--version",
            "2.0",
            "--gold",
            squadGold(true).toString(),
            "--predictions",
            pred.toString(),
            "--na-probs",
            na.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of(
            "exact",
            "f1",
            "total",
            "HasAns_exact",
            "HasAns_f1",
            "HasAns_total",
            "NoAns_exact",
            "NoAns_f1",
            "NoAns_total",
            "best_exact",
            "best_exact_thresh",
            "best_f1",
            "best_f1_thresh"),
        r.keys());
    JsonNode j = r.json();
    // q1 "Denver" vs "Denver Broncos": EM 0, F1 2/3; q2 gold "." becomes "", so "" scores 1; q3 ""
    // scores 1.
    assertEquals(200.0 / 3, j.get("exact").asDouble(), 1e-12);
    assertEquals(100.0 * (2.0 / 3 + 2) / 3, j.get("f1").asDouble(), 1e-12);
    assertEquals(3, j.get("total").asInt());
    assertTrue(j.get("total").isInt());
    assertEquals(2, j.get("HasAns_total").asInt());

    Run thresholded =
        run(
            "squad",
            "--version",
            "2.0",
            "--gold",
            squadGold(true).toString(),
            "--predictions",
            pred.toString(),
            "--na-probs",
            na.toString(),
            "--na-prob-thresh",
            "0.1");
    // Every probability exceeds 0.1: q1, q2 (have answers) score 0, q3 scores 1.
    assertEquals(100.0 / 3, thresholded.json().get("exact").asDouble(), 1e-12);
  }

  @Test
  void squadV20MissingPredictionIsAnInputError() throws IOException {
    Path pred = write("pred.json", "{\"q1\": \"Denver\"}");
    Run r =
        run(
            "squad",
            "--version",
            "2.0",
            "--gold",
            squadGold(true).toString(),
            "--predictions",
            pred.toString());
    assertEquals(ScoreCommand.INPUT_ERROR, r.exit());
    assertTrue(r.err().contains("2 question(s) have no prediction"), r.err());
  }

  @Test
  void squadTruncatedGoldNamesLineAndColumn() throws IOException {
    String full = Files.readString(squadGold(false));
    Path truncated = write("cut.json", full.substring(0, 60));
    Path pred = write("pred.json", "{}");
    Run r = run("squad", "--gold", truncated.toString(), "--predictions", pred.toString());
    assertEquals(ScoreCommand.INPUT_ERROR, r.exit());
    assertTrue(r.err().matches("(?s).*cut\\.json: line 1, column \\d+: not valid JSON.*"), r.err());
    Path empty = write("empty.json", "");
    Run e = run("squad", "--gold", squadGold(false).toString(), "--predictions", empty.toString());
    assertEquals(ScoreCommand.INPUT_ERROR, e.exit());
    assertTrue(e.err().contains("empty.json: line 1: empty file"), e.err());
  }

  /** On the real dev file: gold answers as predictions score 100 (skipped without the data). */
  @Test
  void realSquadDevGoldAsPredictions() throws IOException {
    String shared = System.getProperty("tmr.shared");
    assumeTrue(shared != null);
    Path dev = Path.of(shared, "data", "squad", "dev-v1.1.json");
    assumeTrue(Files.isRegularFile(dev));
    Map<String, String> predictions = new LinkedHashMap<>();
    for (JsonNode article : JSON.readTree(dev.toFile()).get("data")) {
      for (JsonNode paragraph : article.get("paragraphs")) {
        for (Iterator<JsonNode> it = paragraph.get("qas").elements(); it.hasNext(); ) {
          JsonNode qa = it.next();
          predictions.put(qa.get("id").asText(), qa.get("answers").get(0).get("text").asText());
        }
      }
    }
    Path pred = write("pred.json", JSON.writeValueAsString(predictions));
    Run r = run("squad", "--gold", dev.toString(), "--predictions", pred.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(100.0, r.json().get("exact_match").asDouble(), 1e-9);
    assertEquals(100.0, r.json().get("f1").asDouble(), 1e-9);
    assertEquals(10_570, predictions.size());
  }
}
