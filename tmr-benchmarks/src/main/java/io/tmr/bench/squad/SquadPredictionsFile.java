package io.tmr.bench.squad;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tmr.bench.task.DataFormatException;
import io.tmr.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SQuAD predictions ({@code {"qid": "answer text", ...}}, {@code ""} meaning no answer) and v2.0
 * no-answer probabilities ({@code {"qid": p, ...}}). Key order is kept: the v2.0 best-threshold
 * search breaks ties between equal probabilities by it, as Python's stable sort does. A key given
 * twice keeps its first position and its last value, as Python's {@code json.load}.
 */
public final class SquadPredictionsFile {

  private SquadPredictionsFile() {}

  /**
   * Reads question id → predicted answer text.
   *
   * @throws DataFormatException if the file is not a JSON object of strings (the path names the
   *     key)
   */
  public static Map<String, String> readPredictions(Path file) throws IOException {
    JsonNode root = rootObject(file);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!e.getValue().isTextual()) {
        throw new DataFormatException(
            file,
            keyPath(e.getKey()),
            null,
            "a prediction must be a string "
                + "(\"\" for no answer), found "
                + e.getValue().getNodeType());
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Reads question id → probability that the question has no answer.
   *
   * @throws DataFormatException if the file is not a JSON object of finite numbers
   */
  public static Map<String, Double> readNoAnswerProbabilities(Path file) throws IOException {
    JsonNode root = rootObject(file);
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      JsonNode v = e.getValue();
      if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
        throw new DataFormatException(
            file,
            keyPath(e.getKey()),
            null,
            "a no-answer probability must be a finite number, found " + v);
      }
      out.put(e.getKey(), v.doubleValue());
    }
    return Collections.unmodifiableMap(out);
  }

  /** Writes question id → answer text in map order, atomically (temporary file, then rename). */
  public static void write(Path file, Map<String, String> predictions) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          try (JsonGenerator g =
              SquadDatasetFile.JSON.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            for (Map.Entry<String, String> e : predictions.entrySet()) {
              g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
          }
          out.write('\n');
        });
  }

  private static JsonNode rootObject(Path file) throws IOException {
    JsonNode root = SquadDatasetFile.parse(file, SquadDatasetFile.PYTHON_JSON);
    if (!root.isObject()) {
      throw new DataFormatException(
          file,
          "$",
          null,
          "expected a JSON object keyed by question id, found " + root.getNodeType());
    }
    return root;
  }

  private static String keyPath(String key) {
    return "$[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
  }
}
