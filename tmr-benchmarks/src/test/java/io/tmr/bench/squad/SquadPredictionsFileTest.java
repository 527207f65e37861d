package io.tmr.bench.squad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.bench.task.DataFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SquadPredictionsFileTest {

  @TempDir Path dir;

  @Test
  void writeThenReadKeepsOrderEmptyAnswersAndUnicode() throws IOException {
    Map<String, String> predictions = new LinkedHashMap<>();
    predictions.put("z", "Denver Broncos");
    predictions.put("a", "");
    predictions.put("m", "caf\u00e9 \"quoted\" \uD83C\uDFC8");
    Path file = dir.resolve("predictions.json");
    SquadPredictionsFile.write(file, predictions);
    Map<String, String> back = SquadPredictionsFile.readPredictions(file);
    assertEquals(predictions, back);
    assertEquals(List.of("z", "a", "m"), List.copyOf(back.keySet()));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(file), left.toList());
    }
  }

  @Test
  void repeatedKeysKeepTheFirstPositionAndTheLastValueAsPython() throws IOException {
    Path file =
        Files.writeString(dir.resolve("p.json"), "{\"a\": \"1\", \"b\": \"2\", \"a\": \"3\"}");
    Map<String, String> read = SquadPredictionsFile.readPredictions(file);
    assertEquals(List.of("a", "b"), List.copyOf(read.keySet()));
    assertEquals("3", read.get("a"));
  }

  @Test
  void nonStringPredictionsAndNonNumericProbabilitiesAreErrors() throws IOException {
    Path p = Files.writeString(dir.resolve("p.json"), "{\"ok\": \"x\", \"q\\\"7\": 3}");
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> SquadPredictionsFile.readPredictions(p));
    assertEquals("$[\"q\\\"7\"]", e.location());
    assertTrue(e.getMessage().contains("must be a string"), e.getMessage());

    Path n = Files.writeString(dir.resolve("n.json"), "{\"a\": 0.5, \"b\": \"high\"}");
    DataFormatException f =
        assertThrows(
            DataFormatException.class, () -> SquadPredictionsFile.readNoAnswerProbabilities(n));
    assertEquals("$[\"b\"]", f.location());

    Path ok = Files.writeString(dir.resolve("ok.json"), "{\"b\": 1, \"a\": 0.25}");
    Map<String, Double> probs = SquadPredictionsFile.readNoAnswerProbabilities(ok);
    assertEquals(List.of("b", "a"), List.copyOf(probs.keySet()));
    assertEquals(1.0, probs.get("b"));

    Path array = Files.writeString(dir.resolve("arr.json"), "[\"x\"]");
    assertEquals(
        "$",
        assertThrows(DataFormatException.class, () -> SquadPredictionsFile.readPredictions(array))
            .location());
  }
}
