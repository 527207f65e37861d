package io.tmr.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The JSON and YAML readers of the files TMR reads (configs, experiments, SQuAD datasets,
 * manifests, corpus documents, HuggingFace config.json): a key given twice in one object is an
 * error with its line and column, never a silent "the last one wins". The one exception is a SQuAD
 * predictions file, read as the official scoring script reads it (Python's {@code json.load}).
 */
public final class StrictJson {
  private StrictJson() {}

  /** A JSON mapper that refuses duplicate keys. */
  public static ObjectMapper json() {
    return JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  }

  /** A YAML mapper that refuses duplicate keys. */
  public static ObjectMapper yaml() {
    return YAMLMapper.builder(
            YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
        .build();
  }

  /**
   * "line L, column C: problem" of a parse failure (its first line), for messages that start with
   * the file's name.
   */
  public static String describe(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String problem =
        e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
    problem = problem.lines().findFirst().orElse("").replace("for `ObjectNode`", "").strip();
    return (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ")
        + problem;
  }
}
