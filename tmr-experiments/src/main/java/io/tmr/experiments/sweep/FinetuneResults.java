package io.tmr.experiments.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.tmr.experiments.registry.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads what {@code tmr finetune} wrote: every {@code results.json} below a folder with a {@code
 * task} name and {@code metrics: {name: {values: [per fine-tuning seed]}}}. A task's score in one
 * fine-tuning seed follows the GLUE convention: the mean of its metrics (MRPC accuracy and F1,
 * STS-B Pearson and Spearman); SQuAD's is its F1. Task names are matched loosely ({@code SST-2} is
 * {@code sst2}; any SQuAD variant is {@code squad}).
 */
public final class FinetuneResults {
  private FinetuneResults() {}

  /**
   * Table column of a task name: lower case, letters and digits only, every SQuAD variant {@code
   * squad}.
   */
  public static String column(String task) {
    String c = task.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return c.startsWith("squad") ? "squad" : c;
  }

  /** Task column → the task score in each fine-tuning seed. */
  public static Map<String, List<Double>> read(Path dir) throws IOException {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir, 4)) {
      files = s.filter(p -> p.getFileName().toString().equals("results.json")).sorted().toList();
    }
    for (Path f : files) {
      JsonNode root = SweepDirectory.JSON.readTree(f.toFile());
      collect(root, out);
    }
    return out;
  }

  private static void collect(JsonNode node, Map<String, List<Double>> out) {
    if (node.isArray()) {
      node.forEach(n -> collect(n, out));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    if (node.path("task").isTextual() && node.path("metrics").isObject()) {
      String column = column(node.path("task").asText());
      out.put(column, seedScores(column, node.path("metrics")));
      return;
    }
    node.forEach(n -> collect(n, out));
  }

  private static List<Double> seedScores(String column, JsonNode metrics) {
    Map<String, List<Double>> byName = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = metrics.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      byName.put(e.getKey(), values(e.getValue().path("values")));
    }
    int seeds = byName.values().stream().mapToInt(List::size).max().orElse(0);
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < seeds; i++) {
      Map<String, Double> seed = new LinkedHashMap<>();
      for (Map.Entry<String, List<Double>> m : byName.entrySet()) {
        seed.put(m.getKey(), i < m.getValue().size() ? m.getValue().get(i) : Double.NaN);
      }
      out.add(taskScore(column, seed));
    }
    return out;
  }

  /**
   * A task's score in one fine-tuning seed from its metrics there (name → value): SQuAD's F1, else
   * the mean of the finite metrics (GLUE: MRPC accuracy and F1, STS-B Pearson and Spearman); NaN
   * when none is finite.
   *
   * @param task a task name or column ({@link #column})
   */
  public static double taskScore(String task, Map<String, Double> metrics) {
    if (column(task).equals("squad")) {
      for (Map.Entry<String, Double> e : metrics.entrySet()) {
        if (e.getKey().equalsIgnoreCase("f1")) {
          return e.getValue();
        }
      }
    }
    double sum = 0;
    int n = 0;
    for (double v : metrics.values()) {
      if (Double.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static List<Double> values(JsonNode array) {
    List<Double> out = new ArrayList<>();
    array.forEach(v -> out.add(v.isNumber() ? v.asDouble() : Double.NaN));
    return out;
  }

  /** Whether every task column of {@code evaluation} has results in {@code dir}. */
  public static boolean complete(Path dir, Evaluation evaluation) throws IOException {
    Map<String, List<Double>> r = read(dir);
    for (String c : evaluation.taskColumns()) {
      if (!r.containsKey(column(c)) || r.get(column(c)).isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
