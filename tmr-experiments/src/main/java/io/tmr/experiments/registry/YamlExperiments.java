package io.tmr.experiments.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Experiments written as YAML files ({@code *.yaml} / {@code *.yml}), for users who do not write
 * Java. One experiment per file:
 *
 * <pre>
 * name: my-buffer-test
 * version: 1
 * description: Does a bigger buffer help?
 * arms:
 *   - name: small
 *     description: 512 sequences
 *     set: {trainer: tmr, replay.capacity: 512}
 *   - name: big
 *     set: [trainer=tmr, replay.capacity=8192]
 * scales: standard                 # smoke, laptop and paper; or a map of scales:
 * # scales:
 * #   laptop:
 * #     description: ...
 * #     set: {model.preset: tiny, train.steps: 300}
 * #     seeds: [1, 2, 3]
 * #     evaluation: {glue: [rte, mrpc], squad: by-article, finetuneSeeds: [1, 2, 3], set: {}}
 * table:
 *   baseline: small
 *   metrics: [disc_auc, disc_loss]  # optional
 *   ablationKey: replay.capacity     # optional
 * </pre>
 *
 * Unknown fields are errors naming the file, so a typo never silently changes an experiment.
 */
public final class YamlExperiments {
  private static final ObjectMapper YAML = io.tmr.config.StrictJson.yaml();

  private YamlExperiments() {}

  /**
   * The experiment files ({@code *.yaml}, {@code *.yml}) directly in {@code dir}, in file-name
   * order; none when the folder is absent.
   */
  public static List<Path> filesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    }
  }

  /**
   * Reads one experiment file.
   *
   * @throws ConfigException when it is not a valid experiment (YAML syntax with line and column, an
   *     unknown or missing field, a wrong type), its message starting with the file
   * @throws IOException when it cannot be read
   */
  public static Experiment load(Path file) throws IOException {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ConfigException(
          file + ": not valid YAML: " + io.tmr.config.StrictJson.describe(e), e);
    }
    try {
      return parse(root, file.toString());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
  }

  static Experiment parse(JsonNode root, String source) {
    require(
        root != null && root.isObject(),
        "the top level must be a map with name, arms, scales and table");
    allowOnly(
        root,
        Set.of("name", "version", "description", "arms", "scales", "table"),
        "the experiment");
    String name = text(root, "name", null);
    require(name != null, "missing 'name'");
    int version = root.path("version").asInt(1);
    List<Arm> arms = new ArrayList<>();
    require(
        root.path("arms").isArray() && root.path("arms").size() > 0,
        "'arms' must be a non-empty list");
    for (JsonNode a : root.path("arms")) {
      allowOnly(a, Set.of("name", "description", "set"), "an arm");
      arms.add(
          new Arm(text(a, "name", null), text(a, "description", ""), overrides(a.path("set"))));
    }
    List<Scale> scales = new ArrayList<>();
    JsonNode sc = root.path("scales");
    if (sc.isMissingNode() || sc.isNull() || sc.isTextual() && sc.asText().equals("standard")) {
      scales.addAll(Scales.standard());
    } else {
      require(
          sc.isObject(),
          "'scales' must be 'standard' or a map of scale name to {description, set, seeds, evaluation}");
      Iterator<Map.Entry<String, JsonNode>> it = sc.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode s = e.getValue();
        allowOnly(s, Set.of("description", "set", "seeds", "evaluation"), "scale " + e.getKey());
        List<Long> seeds = new ArrayList<>();
        s.path("seeds").forEach(x -> seeds.add(x.asLong()));
        scales.add(
            new Scale(
                e.getKey(),
                text(s, "description", ""),
                overrides(s.path("set")),
                seeds,
                evaluation(s.path("evaluation"))));
      }
    }
    JsonNode t = root.path("table");
    require(t.isObject(), "missing 'table' with at least 'baseline'");
    allowOnly(t, Set.of("baseline", "metrics", "ablationKey"), "the table");
    List<String> metrics = new ArrayList<>();
    t.path("metrics").forEach(m -> metrics.add(m.asText()));
    TableLayout table =
        new TableLayout(
            text(t, "baseline", null),
            metrics.isEmpty() ? TableLayout.defaultMetrics() : metrics,
            text(t, "ablationKey", ""));
    return new Experiment(
        name, version, text(root, "description", ""), arms, scales, table, source);
  }

  private static Evaluation evaluation(JsonNode e) {
    if (e.isMissingNode() || e.isNull() || e.isTextual() && e.asText().equals("pretraining")) {
      return Evaluation.pretrainingOnly();
    }
    allowOnly(e, Set.of("glue", "squad", "finetuneSeeds", "set"), "an evaluation");
    List<String> glue = new ArrayList<>();
    e.path("glue").forEach(x -> glue.add(x.asText()));
    List<Long> seeds = new ArrayList<>();
    e.path("finetuneSeeds").forEach(x -> seeds.add(x.asLong()));
    return new Evaluation(glue, text(e, "squad", ""), seeds, overrides(e.path("set")));
  }

  /** {@code set:} as a map ({@code key: value}) or a list of {@code key=value} strings. */
  private static List<String> overrides(JsonNode set) {
    List<String> out = new ArrayList<>();
    if (set.isObject()) {
      set.fields().forEachRemaining(f -> out.add(f.getKey() + "=" + f.getValue().asText()));
    } else if (set.isArray()) {
      set.forEach(x -> out.add(x.asText()));
    } else {
      require(
          set.isMissingNode() || set.isNull(),
          "'set' must be a map of options or a list of key=value");
    }
    return out;
  }

  private static String text(JsonNode node, String field, String def) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? def : v.asText();
  }

  private static void allowOnly(JsonNode node, Set<String> fields, String what) {
    require(node.isObject(), what + " must be a map");
    node.fieldNames()
        .forEachRemaining(
            f ->
                require(
                    fields.contains(f),
                    "unknown field '" + f + "' in " + what + "; allowed: " + fields));
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
