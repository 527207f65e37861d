package io.tmr.experiments.report;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import io.tmr.experiments.sweep.FinetuneResults;
import io.tmr.experiments.sweep.SweepDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Fine-tuning results of several models side by side, task by task, against the first (the
 * baseline): the question "does this pretraining help?" asked of {@code tmr finetune} folders.
 *
 * <p>A source is one model's results, possibly spread over several {@code tmr finetune} folders
 * (say seeds 1–3 of all tasks in one, seeds 4–10 of two tasks in another): per task their seeds are
 * pooled; the same task and seed twice, or one task fine-tuned with different settings in two
 * folders of one source, is an error naming both files. Per metric, each source gets the median
 * over its seeds [min, max] (n); each other source the paired difference to the baseline (seeds
 * that both ran: same data order, head initialisation and dropout masks) as {@link Comparison}
 * computes it — median difference, 95 % bootstrap CI of the mean difference, two-sided Wilcoxon
 * signed-rank p. The <b>GLUE average</b> row is, per seed, the mean of the GLUE task scores (GLUE
 * convention: MRPC the mean of accuracy and F1, STS-B of Pearson and Spearman) over the GLUE tasks
 * every source ran, for the seeds that have all of them. Where a task's settings differ from the
 * baseline's, the table says which keys differ.
 */
public final class FinetuneComparison {
  /** Name of the per-seed GLUE average row. */
  public static final String GLUE_AVERAGE = "GLUE average";

  /** One task's results of one source: metric → seed → value, the settings, the files read. */
  record TaskResults(
      String task, Map<String, Map<Long, Double>> metrics, JsonNode settings, List<Path> files) {}

  /** A model's results: name and task → pooled results. */
  public record Source(String name, Map<String, TaskResults> tasks) {}

  /** One row: task, metric, each source's summary, each non-baseline source's comparison. */
  public record Row(
      String task, String metric, List<Statistics> summaries, List<Comparison> comparisons) {}

  private final List<Source> sources;
  private final List<Row> rows;
  private final List<String> notes;

  private FinetuneComparison(List<Source> sources, List<Row> rows, List<String> notes) {
    this.sources = sources;
    this.rows = rows;
    this.notes = notes;
  }

  /**
   * Parses {@code NAME=DIR[@TASK,...][+DIR[@TASK,...]...]} (or a bare {@code DIR}, named after its
   * folder) and reads it. {@code @TASK,...} takes only those tasks from that folder (names matched
   * loosely: {@code sst2} is {@code SST-2}), e.g. to leave out a task that a later folder re-ran
   * with other settings.
   */
  public static Source readSource(String spec) throws IOException {
    int eq = spec.indexOf('=');
    String name = eq > 0 ? spec.substring(0, eq) : null;
    List<Folder> folders = new ArrayList<>();
    for (String part : (eq > 0 ? spec.substring(eq + 1) : spec).split("\\+")) {
      checkArgument(!part.isBlank(), "empty folder in source %s", spec);
      int at = part.lastIndexOf('@');
      Set<String> only = new LinkedHashSet<>();
      if (at >= 0) {
        for (String t : part.substring(at + 1).split(",")) {
          checkArgument(!t.isBlank(), "empty task name in %s", part);
          only.add(FinetuneResults.column(t.strip()));
        }
      }
      folders.add(new Folder(Path.of(at >= 0 ? part.substring(0, at) : part), only));
    }
    return readSource(name != null ? name : folders.get(0).dir().getFileName().toString(), folders);
  }

  /** A {@code tmr finetune} folder and the tasks to take from it (columns; empty = all). */
  public record Folder(Path dir, Set<String> tasks) {
    public Folder {
      tasks = Set.copyOf(tasks);
    }
  }

  /** Reads and pools the {@code <TASK>/results.json} files of {@code folders}. */
  public static Source readSource(String name, List<Folder> folders) throws IOException {
    Map<String, TaskResults> tasks = new LinkedHashMap<>();
    for (Folder folder : folders) {
      Path dir = folder.dir();
      if (!Files.isDirectory(dir)) {
        throw new IOException(
            name + ": " + dir + " is not a folder (expected a tmr finetune output folder)");
      }
      List<Path> files = resultFiles(dir);
      if (files.isEmpty()) {
        throw new IOException(
            name
                + ": no <TASK>/results.json in "
                + dir
                + " (expected a tmr finetune output folder)");
      }
      Set<String> taken = new LinkedHashSet<>();
      for (Path f : files) {
        TaskResults read = readTask(f);
        String column = FinetuneResults.column(read.task());
        if (!folder.tasks().isEmpty() && !folder.tasks().contains(column)) {
          continue;
        }
        taken.add(column);
        TaskResults before = tasks.get(read.task());
        tasks.put(read.task(), before == null ? read : merge(name, before, read));
      }
      if (!taken.containsAll(folder.tasks())) {
        Set<String> missing = new LinkedHashSet<>(folder.tasks());
        missing.removeAll(taken);
        throw new IOException(
            name + ": " + dir + " has no results for " + String.join(", ", missing));
      }
    }
    return new Source(name, tasks);
  }

  /**
   * The folder's {@code <TASK>/results.json} files in the order its {@code manifest.json} lists the
   * tasks (the order they were run in), then any others by name.
   */
  private static List<Path> resultFiles(Path dir) throws IOException {
    List<Path> found;
    try (Stream<Path> s = Files.list(dir)) {
      found = s.map(d -> d.resolve("results.json")).filter(Files::isRegularFile).sorted().toList();
    }
    List<Path> out = new ArrayList<>();
    Path manifest = dir.resolve("manifest.json");
    if (Files.isRegularFile(manifest)) {
      for (JsonNode task : SweepDirectory.readJson(manifest).path("tasks")) {
        Path f = dir.resolve(task.asText()).resolve("results.json");
        if (found.contains(f) && !out.contains(f)) {
          out.add(f);
        }
      }
    }
    found.stream().filter(f -> !out.contains(f)).forEach(out::add);
    return out;
  }

  private static TaskResults readTask(Path file) throws IOException {
    JsonNode root = SweepDirectory.readJson(file);
    String task = root.path("task").asText("");
    JsonNode seeds = root.path("seeds");
    JsonNode metrics = root.path("metrics");
    if (task.isEmpty() || !seeds.isArray() || !metrics.isObject()) {
      throw new IOException(
          file + ": field task, seeds or metrics missing (not a tmr finetune results.json)");
    }
    Map<String, Map<Long, Double>> byMetric = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = metrics.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode values = e.getValue().path("values");
      if (!values.isArray() || values.size() != seeds.size()) {
        throw new IOException(
            file
                + ": metrics."
                + e.getKey()
                + ".values has "
                + values.size()
                + " entries for "
                + seeds.size()
                + " seeds");
      }
      Map<Long, Double> bySeed = new TreeMap<>();
      for (int i = 0; i < seeds.size(); i++) {
        JsonNode v = values.get(i);
        bySeed.put(seeds.get(i).asLong(), v.isNumber() ? v.asDouble() : Double.NaN);
      }
      byMetric.put(e.getKey(), bySeed);
    }
    return new TaskResults(task, byMetric, root.path("settings"), List.of(file));
  }

  private static TaskResults merge(String source, TaskResults a, TaskResults b) throws IOException {
    if (!a.settings().equals(b.settings())) {
      throw new IOException(
          source
              + ": "
              + a.task()
              + " was fine-tuned with different settings in "
              + a.files().get(0)
              + " and "
              + b.files().get(0)
              + " ("
              + String.join(", ", differingKeys(a.settings(), b.settings()))
              + "); their seeds cannot be pooled");
    }
    Map<String, Map<Long, Double>> metrics = new LinkedHashMap<>();
    for (String metric : a.metrics().keySet()) {
      Map<Long, Double> other = b.metrics().get(metric);
      if (other == null) {
        throw new IOException(
            source + ": " + b.files().get(0) + " lacks metric " + metric + " of " + a.task());
      }
      Map<Long, Double> pooled = new TreeMap<>(a.metrics().get(metric));
      for (Map.Entry<Long, Double> e : other.entrySet()) {
        if (pooled.put(e.getKey(), e.getValue()) != null) {
          throw new IOException(
              source
                  + ": "
                  + a.task()
                  + " seed "
                  + e.getKey()
                  + " is in both "
                  + a.files()
                  + " and "
                  + b.files().get(0));
        }
      }
      metrics.put(metric, pooled);
    }
    List<Path> files = new ArrayList<>(a.files());
    files.addAll(b.files());
    return new TaskResults(a.task(), metrics, a.settings(), files);
  }

  private static List<String> differingKeys(JsonNode a, JsonNode b) {
    Set<String> keys = new LinkedHashSet<>();
    a.fieldNames().forEachRemaining(keys::add);
    b.fieldNames().forEachRemaining(keys::add);
    List<String> out = new ArrayList<>();
    for (String k : keys) {
      if (!Objects.equals(a.get(k), b.get(k))) {
        out.add(k + " " + (a.has(k) ? a.get(k) : "-") + " vs " + (b.has(k) ? b.get(k) : "-"));
      }
    }
    return out;
  }

  /** Compares {@code sources}; the first is the baseline. */
  public static FinetuneComparison of(List<Source> sources) {
    checkArgument(
        sources.size() >= 2, "a comparison needs a baseline and at least one other source");
    Source base = sources.get(0);
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Set<String> glueTasks = new LinkedHashSet<>();
    for (String task : base.tasks().keySet()) {
      boolean everywhere = sources.stream().allMatch(s -> s.tasks().containsKey(task));
      if (everywhere && !FinetuneResults.column(task).equals("squad")) {
        glueTasks.add(task);
      }
      for (String metric : base.tasks().get(task).metrics().keySet()) {
        List<Map<Long, Double>> values = new ArrayList<>();
        for (Source s : sources) {
          TaskResults t = s.tasks().get(task);
          values.add(
              t == null || !t.metrics().containsKey(metric) ? Map.of() : t.metrics().get(metric));
        }
        rows.add(row(task, metric, values));
      }
      for (Source s : sources.subList(1, sources.size())) {
        TaskResults t = s.tasks().get(task);
        if (t == null) {
          notes.add(s.name() + " has no " + task + " results.");
        } else if (!t.settings().equals(base.tasks().get(task).settings())) {
          notes.add(
              task
                  + ": "
                  + s.name()
                  + " was fine-tuned with other settings than "
                  + base.name()
                  + " ("
                  + String.join(
                      ", ", differingKeys(base.tasks().get(task).settings(), t.settings()))
                  + ").");
        }
      }
    }
    if (!glueTasks.isEmpty()) {
      List<Map<Long, Double>> averages = new ArrayList<>();
      for (Source s : sources) {
        averages.add(glueAverage(s, glueTasks));
      }
      rows.add(row(GLUE_AVERAGE, String.join(", ", glueTasks), averages));
    }
    return new FinetuneComparison(List.copyOf(sources), List.copyOf(rows), List.copyOf(notes));
  }

  private static Row row(String task, String metric, List<Map<Long, Double>> values) {
    List<Statistics> summaries = new ArrayList<>();
    for (Map<Long, Double> v : values) {
      summaries.add(Statistics.of(v.values().stream().mapToDouble(Double::doubleValue).toArray()));
    }
    List<Comparison> comparisons = new ArrayList<>();
    for (Map<Long, Double> v : values.subList(1, values.size())) {
      comparisons.add(Comparison.of(values.get(0), v));
    }
    return new Row(task, metric, summaries, comparisons);
  }

  /**
   * Seed → mean over {@code tasks} of the task score, for seeds with a finite score in every task.
   */
  static Map<Long, Double> glueAverage(Source source, Set<String> tasks) {
    Map<Long, Double> sum = new TreeMap<>();
    Map<Long, Integer> count = new TreeMap<>();
    for (String task : tasks) {
      for (Map.Entry<Long, Double> e : taskScore(source.tasks().get(task)).entrySet()) {
        if (Double.isFinite(e.getValue())) {
          sum.merge(e.getKey(), e.getValue(), Double::sum);
          count.merge(e.getKey(), 1, Integer::sum);
        }
      }
    }
    Map<Long, Double> out = new TreeMap<>();
    sum.forEach(
        (seed, s) -> {
          if (count.get(seed) == tasks.size()) {
            out.put(seed, s / tasks.size());
          }
        });
    return out;
  }

  /** Seed → the task's score in that seed ({@link FinetuneResults#taskScore}). */
  static Map<Long, Double> taskScore(TaskResults t) {
    Set<Long> seeds = new LinkedHashSet<>();
    t.metrics().values().forEach(m -> seeds.addAll(m.keySet()));
    Map<Long, Double> out = new TreeMap<>();
    for (long seed : seeds) {
      Map<String, Double> metrics = new LinkedHashMap<>();
      t.metrics()
          .forEach((name, bySeed) -> metrics.put(name, bySeed.getOrDefault(seed, Double.NaN)));
      out.put(seed, FinetuneResults.taskScore(t.task(), metrics));
    }
    return out;
  }

  public List<Row> rows() {
    return rows;
  }

  public List<String> notes() {
    return notes;
  }

  /** The comparison as Markdown: one table, then the notes and the files read. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    String baseName = sources.get(0).name();
    sb.append("| task | metric |");
    for (Source s : sources) {
      sb.append(' ').append(s.name()).append(" |");
    }
    for (Source s : sources.subList(1, sources.size())) {
      sb.append(" Δ ").append(s.name()).append(" − ").append(baseName).append(" [95% CI] p |");
    }
    sb.append("\n|---|---|").append("---:|".repeat(2 * sources.size() - 1)).append('\n');
    for (Row r : rows) {
      sb.append("| ").append(r.task()).append(" | ").append(r.metric()).append(" |");
      for (Statistics s : r.summaries()) {
        sb.append(' ')
            .append(
                s.n() == 0
                    ? "–"
                    : String.format(
                        Locale.ROOT,
                        "%.2f [%.2f, %.2f] (%d)",
                        s.median(),
                        min(s.values()),
                        max(s.values()),
                        s.n()))
            .append(" |");
      }
      for (Comparison c : r.comparisons()) {
        sb.append(' ')
            .append(
                Double.isNaN(c.delta())
                    ? "–"
                    : String.format(
                        Locale.ROOT,
                        "%+.2f [%+.2f, %+.2f] p=%s",
                        c.delta(),
                        c.ciLow(),
                        c.ciHigh(),
                        Double.isNaN(c.pValue())
                            ? "–"
                            : String.format(Locale.ROOT, "%.3f", c.pValue())))
            .append(" |");
      }
      sb.append('\n');
    }
    sb.append(
            "\nCells: median over fine-tuning seeds [min, max] (seeds). Δ: median paired difference over the seeds both ran,")
        .append(
            " 95 % bootstrap CI of the mean difference, two-sided Wilcoxon signed-rank p (n = 3 seeds cannot go below 0.25).\n");
    for (String n : notes) {
      sb.append("\n- ").append(n);
    }
    sb.append("\n\nRead:\n");
    for (Source s : sources) {
      sb.append("- ").append(s.name()).append(": ");
      List<String> files = new ArrayList<>();
      s.tasks().values().forEach(t -> t.files().forEach(f -> files.add(f.toString())));
      sb.append(String.join(", ", files)).append('\n');
    }
    return sb.toString();
  }

  private static double min(double[] v) {
    double m = Double.POSITIVE_INFINITY;
    for (double x : v) {
      m = Math.min(m, x);
    }
    return m;
  }

  private static double max(double[] v) {
    double m = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      m = Math.max(m, x);
    }
    return m;
  }

  /** Writes {@link #markdown()} to {@code file}. */
  public void write(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, markdown());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
