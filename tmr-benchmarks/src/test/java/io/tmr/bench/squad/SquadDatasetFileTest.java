package io.tmr.bench.squad;

import static io.tmr.bench.task.SharedData.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.task.DataFormatException;
import io.tmr.bench.task.QaAnswer;
import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaExample;
import io.tmr.bench.task.QaQuestion;
import io.tmr.bench.task.QaScoring;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SquadDatasetFileTest {

  @TempDir Path dir;

  @Test
  void readsV11WithContextsQuestionsAndOffsets() throws IOException {
    QaDataset d = SquadDatasetFile.read(fixture("/squad/v1-small.json"), QaScoring.SQUAD_V1_1);
    assertEquals("1.1", d.version());
    assertEquals(2, d.articles().size());
    assertEquals(3, d.paragraphCount());
    assertEquals(4, d.questionCount());
    List<QaExample> examples = d.examples();
    assertEquals(List.of("q1", "q2", "q3", "q4"), examples.stream().map(QaExample::id).toList());
    QaExample q1 = examples.get(0);
    assertEquals("Super_Bowl_50", q1.title());
    assertEquals("Which team won Super Bowl 50?", q1.question());
    assertEquals(3, q1.answers().size());
    QaAnswer broncos = q1.answers().get(0);
    assertEquals("Denver Broncos", q1.context().substring(broncos.charStart(), broncos.charEnd()));
    assertFalse(q1.impossible());
  }

  @Test
  void codePointOffsetsBecomeJavaOffsetsPastSupplementaryCharacters() throws IOException {
    QaDataset d = SquadDatasetFile.read(fixture("/squad/v1-small.json"), QaScoring.SQUAD_V1_1);
    QaExample q3 = d.examples().get(2);
    QaAnswer santaClara = q3.answers().get(0);
    // "Fans \uD83C\uDFC8 cheered in Santa Clara": the football emoji is one code point, two chars.
    assertEquals(18, santaClara.answerStart());
    assertEquals(19, santaClara.charStart());
    assertEquals(
        "Santa Clara, California",
        q3.context().substring(santaClara.charStart(), santaClara.charEnd()));
  }

  @Test
  void readsV20ImpossibleQuestionsAndPlausibleAnswers() throws IOException {
    QaDataset d = SquadDatasetFile.read(fixture("/squad/v2-small.json"), QaScoring.SQUAD_V2_0);
    assertEquals("v2.0", d.version());
    QaQuestion o2 = d.questions().get(1);
    assertTrue(o2.impossible());
    assertEquals(List.of(), o2.answers());
    assertEquals("8", o2.plausibleAnswers().get(0).text());
    assertEquals(
        List.of(false, true, false, false, true),
        d.questions().stream().map(QaQuestion::impossible).toList());
  }

  @Test
  void v11RulesRejectUnanswerableQuestions() {
    DataFormatException e =
        assertThrows(
            DataFormatException.class,
            () -> SquadDatasetFile.read(fixture("/squad/v2-small.json"), QaScoring.SQUAD_V1_1));
    assertEquals("$.data[0].paragraphs[0].qas[1]", e.location());
    assertEquals("is_impossible", e.field().orElseThrow());
  }

  @Test
  void writeThenReadGivesTheSameDataset() throws IOException {
    for (String name : List.of("/squad/v1-small.json", "/squad/v2-small.json")) {
      QaDataset d = SquadDatasetFile.read(fixture(name), QaScoring.SQUAD_V2_0);
      Path copy = dir.resolve("copy.json");
      SquadDatasetFile.write(copy, d);
      assertEquals(d, SquadDatasetFile.read(copy, QaScoring.SQUAD_V2_0), name);
    }
  }

  @Test
  void misalignedAnswerStartNamesThePathAndBothTexts() throws IOException {
    String json =
        "{\"version\": \"1.1\", \"data\": [{\"title\": \"T\", \"paragraphs\": [{\"context\": \"abc def\", "
            + "\"qas\": [{\"id\": \"x\", \"question\": \"?\", \"answers\": [{\"text\": \"def\", \"answer_start\": 4},"
            + " {\"text\": \"def\", \"answer_start\": 3}]}]}]}]}";
    DataFormatException e = fail(json, QaScoring.SQUAD_V1_1);
    assertEquals("$.data[0].paragraphs[0].qas[0].answers[1]", e.location());
    assertEquals("answer_start", e.field().orElseThrow());
    assertTrue(
        e.getMessage().contains("reads \" de\", not the answer text \"def\""), e.getMessage());
    String outside = json.replace("\"answer_start\": 3", "\"answer_start\": 5");
    assertTrue(
        fail(outside, QaScoring.SQUAD_V1_1).getMessage().contains("lies outside the context"));
  }

  @Test
  void truncatedJsonReportsLineAndColumn() throws IOException {
    String full = Files.readString(fixture("/squad/v1-small.json"));
    DataFormatException e = fail(full.substring(0, full.length() / 2), QaScoring.SQUAD_V1_1);
    assertTrue(e.location().matches("line \\d+, column \\d+"), e.location());
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    DataFormatException extra = fail(full + " {}", QaScoring.SQUAD_V1_1);
    assertTrue(extra.getMessage().contains("not valid JSON"), extra.getMessage());
  }

  @Test
  void structuralProblemsNameTheirPath() throws IOException {
    String head =
        "{\"version\": \"1.1\", \"data\": [{\"title\": \"T\", \"paragraphs\": [{\"context\": \"abc\", \"qas\": [";
    String tail = "]}]}]}";
    String ok =
        "{\"id\": \"x\", \"question\": \"?\", \"answers\": [{\"text\": \"a\", \"answer_start\": 0}]}";
    assertLocated(
        fail(head + ok + ", " + ok + tail, QaScoring.SQUAD_V1_1),
        "$.data[0].paragraphs[0].qas[1]",
        "id",
        "duplicate question id \"x\" (first at $.data[0].paragraphs[0].qas[0])");
    assertLocated(
        fail(head + ok.replace("\"id\": \"x\"", "\"id\": 7") + tail, QaScoring.SQUAD_V1_1),
        "$.data[0].paragraphs[0].qas[0]",
        "id",
        "expected a string");
    assertLocated(
        fail(
            head + ok.replace("\"answer_start\": 0", "\"answer_start\": \"0\"") + tail,
            QaScoring.SQUAD_V1_1),
        "$.data[0].paragraphs[0].qas[0].answers[0]",
        "answer_start",
        "expected an integer");
    assertLocated(
        fail(head + ok.replace("\"question\": \"?\", ", "") + tail, QaScoring.SQUAD_V1_1),
        "$.data[0].paragraphs[0].qas[0]",
        "question",
        "missing");
    assertLocated(
        fail(
            head + ok.replace("[{\"text\": \"a\", \"answer_start\": 0}]", "[]") + tail,
            QaScoring.SQUAD_V1_1),
        "$.data[0].paragraphs[0].qas[0].answers",
        null,
        "needs at least one answer");
    assertLocated(
        fail(head + ok.replace("}]}", "}], \"is_impossible\": true}") + tail, QaScoring.SQUAD_V2_0),
        "$.data[0].paragraphs[0].qas[0].answers",
        null,
        "must have no answers");
    assertLocated(
        fail("{\"version\": \"1.1\", \"data\": {}}", QaScoring.SQUAD_V1_1),
        "$",
        "data",
        "expected an array");
    assertLocated(fail("[]", QaScoring.SQUAD_V1_1), "$", null, "expected a JSON object");
  }

  private static void assertLocated(
      DataFormatException e, String location, String field, String problem) {
    assertEquals(location, e.location(), e.getMessage());
    assertEquals(field, e.field().orElse(null), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  private DataFormatException fail(String json, QaScoring scoring) throws IOException {
    Path file = Files.write(dir.resolve("bad.json"), json.getBytes(StandardCharsets.UTF_8));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> SquadDatasetFile.read(file, scoring));
    assertEquals(file, e.file());
    return e;
  }
}
