package io.tmr.models.artefact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tmr.config.Config;
import io.tmr.config.plugin.PluginInfo;
import io.tmr.core.env.EnvironmentReport;
import io.tmr.core.text.Vocabulary;
import io.tmr.models.electra.ElectraConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a trained model came from, as one typed record, written by {@link #json()} into the run
 * manifest ({@code provenance}), every checkpoint (metadata {@code provenance}) and every export
 * ({@code provenance.json}): the run's configuration (canonical values), the model's shape and
 * number type, the vocabulary (size and SHA-256 of its {@code vocab.txt}), the git commit and the
 * environment (JVM, OS, BLAS kernel set and threads) the run started with, and the plugins it ran
 * (replay strategy, eviction policy, priority rule: name, class, jar and the jar's SHA-256, or
 * built-in).
 *
 * @param kind what produced the artefact ({@code pretrain})
 * @param plugins the plugins the run used (empty for artefacts written before they were recorded)
 */
public record Provenance(
    String kind,
    Map<String, Object> config,
    ElectraConfig model,
    String dataType,
    Vocab vocabulary,
    String gitCommit,
    Map<String, Object> environment,
    String createdAt,
    List<PluginInfo> plugins) {

  public Provenance {
    plugins = plugins == null ? List.of() : List.copyOf(plugins);
  }

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
    return of(kind, config, shape, dataType, vocabulary, List.of());
  }

  /**
   * As {@link #of(String, Config, ElectraConfig, String, Vocabulary)}, run with {@code plugins}.
   */
  public static Provenance of(
      String kind,
      Config config,
      ElectraConfig shape,
      String dataType,
      Vocabulary vocabulary,
      List<PluginInfo> plugins) {
    return new Provenance(
        kind,
        config.canonical(),
        shape,
        dataType,
        Vocab.of(vocabulary),
        EnvironmentReport.gitCommit(),
        EnvironmentReport.forManifest(),
        Instant.now().toString(),
        plugins);
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
