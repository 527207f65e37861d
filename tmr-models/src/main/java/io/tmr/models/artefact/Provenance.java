package io.tmr.models.artefact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tmr.config.Config;
import io.tmr.core.env.EnvironmentReport;
import io.tmr.core.text.Vocabulary;
import io.tmr.models.electra.ElectraConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Where a trained model came from, as one typed record, written by {@link #json()} into the run
 * manifest ({@code provenance}), every checkpoint (metadata {@code provenance}) and every export
 * ({@code provenance.json}): the run's configuration (canonical values), the model's shape and
 * number type, the vocabulary (size and SHA-256 of its {@code vocab.txt}), the git commit and the
 * environment (JVM, OS, BLAS kernel set and threads) the run started with.
 *
 * @param kind what produced the artefact ({@code pretrain})
 */
public record Provenance(
    String kind,
    Map<String, Object> config,
    ElectraConfig model,
    String dataType,
    Vocab vocabulary,
    String gitCommit,
    Map<String, Object> environment,
    String createdAt) {

  /** The vocabulary a model's ids refer to. */
  public record Vocab(int size, String sha256) {
    public static Vocab of(Vocabulary v) {
      return new Vocab(v.size(), v.sha256());
    }
  }

  private static final ObjectMapper JSON =
      io.tmr.config.StrictJson.json().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT = io.tmr.config.StrictJson.json();

  /**
   * The provenance of a model of {@code shape} trained under {@code config} with {@code
   * vocabulary}, now, here.
   */
  public static Provenance of(
      String kind, Config config, ElectraConfig shape, String dataType, Vocabulary vocabulary) {
    return new Provenance(
        kind,
        config.canonical(),
        shape,
        dataType,
        Vocab.of(vocabulary),
        EnvironmentReport.gitCommit(),
        EnvironmentReport.forManifest(),
        Instant.now().toString());
  }

  /** The JSON text every artefact holds (indented for files, compact for checkpoint metadata). */
  public String json(boolean indented) {
    try {
      return (indented ? JSON : COMPACT).writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("provenance cannot be written as JSON", e);
    }
  }

  /** Reads what {@link #json} wrote; {@code source} names the artefact in the error. */
  public static Provenance parse(String json, String source) throws IOException {
    try {
      return JSON.readValue(json, Provenance.class);
    } catch (JsonProcessingException e) {
      throw new IOException(source + ": provenance is not valid: " + e.getOriginalMessage(), e);
    }
  }

  /** The provenance as a JSON tree value (for a manifest). */
  public Object tree() {
    return JSON.valueToTree(this);
  }
}
