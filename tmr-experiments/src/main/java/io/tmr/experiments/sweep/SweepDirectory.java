package io.tmr.experiments.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tmr.core.env.EnvironmentReport;
import io.tmr.core.io.AtomicFiles;
import io.tmr.experiments.registry.Overrides;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A sweep's folder:
 *
 * <pre>
 * sweep.json           the definition, when it was created and from which commit
 * events.jsonl         one line per trial event (skipped, started, completed, failed, submitted), appended
 * summary.md           the last run's summary: every trial's state, failures with their log tail
 * trials/&lt;id&gt;/
 *   trial.json         the trial's settings (overrides, seed, labels, evaluation)
 *   status.json        written by the trial itself: running / completed / failed: reason, attempt, host
 *   log.txt            the trial's stdout and stderr, every attempt appended
 *   run/               the pretraining run (manifest.json, config.yaml, metrics.csv, checkpoints/, plots/)
 *   finetune/          downstream results (when the evaluation fine-tunes)
 * slurm/               job scripts, the jobs submitted and Slurm's own output (Slurm launcher)
 * report/              tmr report's tables and plots
 * </pre>
 *
 * <p>Re-opening with a definition is allowed when nothing that finished would change meaning: the
 * same experiment, version and scale, the same base overrides and evaluation, and every trial
 * folder that exists holding exactly the settings the definition gives it. Axes may gain values and
 * seeds may be added (those trials are new); anything else is refused with the differences listed.
 */
public final class SweepDirectory {
  public static final String DEFINITION = "sweep.json";
  public static final String EVENTS = "events.jsonl";
  public static final String SUMMARY = "summary.md";
  static final ObjectMapper JSON =
      io.tmr.config.StrictJson.json()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper JSON_LINE = io.tmr.config.StrictJson.json();

  private final Path dir;
  private final SweepDefinition definition;

  private SweepDirectory(Path dir, SweepDefinition definition) {
    this.dir = dir;
    this.definition = definition;
  }

  /**
   * Creates the sweep folder, or re-opens it after checking that {@code definition} is compatible
   * with the one it was created with; writes every trial's {@code trial.json}.
   *
   * @throws SweepConflictException when the change would collide with trials that already ran
   */
  public static SweepDirectory open(Path dir, SweepDefinition definition) throws IOException {
    Path file = dir.resolve(DEFINITION);
    List<TrialSpec> trials = definition.trials();
    if (Files.isRegularFile(file)) {
      SweepDefinition old = read(dir).definition;
      List<String> problems = new ArrayList<>(incompatibilities(old, definition));
      for (TrialSpec t : trials) {
        Path tj = dir.resolve("trials").resolve(t.id()).resolve("trial.json");
        if (Files.isRegularFile(tj)) {
          TrialFile existing = JSON.readValue(tj.toFile(), TrialFile.class);
          if (!existing.trial().overrides().equals(t.overrides())
              || existing.trial().seed() != t.seed()) {
            problems.add(
                "trial folder "
                    + t.id()
                    + " holds a trial with other settings ("
                    + existing.trial().overrides()
                    + ", seed "
                    + existing.trial().seed()
                    + ")");
          }
        }
      }
      if (!problems.isEmpty()) {
        throw new SweepConflictException(dir, problems);
      }
    }
    Files.createDirectories(dir.resolve("trials"));
    ObjectNode root =
        Files.isRegularFile(file)
            ? (ObjectNode) JSON.readTree(file.toFile())
            : JSON.createObjectNode();
    if (!root.has("createdAt")) {
      root.put("format", 1);
      root.put("createdAt", Instant.now().toString());
      root.put("gitCommit", EnvironmentReport.gitCommit());
    }
    root.put("updatedAt", Instant.now().toString());
    root.set("definition", JSON.valueToTree(definition));
    AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
    SweepDirectory sweep = new SweepDirectory(dir, definition);
    for (TrialSpec t : trials) {
      Path td = sweep.trialDir(t.id());
      Files.createDirectories(td);
      Path tj = td.resolve("trial.json");
      TrialFile settings =
          new TrialFile(definition.name(), t, definition.evaluation().forArm(t.arm()));
      // Rewritten when the evaluation grew to include the trial's arm; otherwise written once.
      if (!Files.isRegularFile(tj) || !readTrial(td).equals(settings)) {
        AtomicFiles.writeString(tj, JSON.writeValueAsString(settings) + "\n");
      }
    }
    return sweep;
  }

  /** Opens an existing sweep folder with the definition it holds (reports, status). */
  public static SweepDirectory read(Path dir) throws IOException {
    Path file = dir.resolve(DEFINITION);
    if (!Files.isRegularFile(file)) {
      throw new IOException("no sweep at " + dir + " (missing " + DEFINITION + ")");
    }
    JsonNode root = JSON.readTree(file.toFile());
    return new SweepDirectory(dir, JSON.treeToValue(root.get("definition"), SweepDefinition.class));
  }

  /** Why {@code next} cannot reuse a folder made by {@code prev}; empty when it can. */
  static List<String> incompatibilities(SweepDefinition prev, SweepDefinition next) {
    List<String> out = new ArrayList<>();
    if (!prev.experiment().equals(next.experiment()) || !prev.scale().equals(next.scale())) {
      out.add("it holds " + describe(prev) + ", not " + describe(next));
    } else if (prev.experimentVersion() != next.experimentVersion()) {
      out.add(
          "it ran version "
              + prev.experimentVersion()
              + " of experiment "
              + prev.experiment()
              + "; the registry now has version "
              + next.experimentVersion());
    }
    Map<String, String> a = Overrides.resolve(prev.base());
    Map<String, String> b = Overrides.resolve(next.base());
    if (!a.equals(b)) {
      TreeSet<String> keys = new TreeSet<>(a.keySet());
      keys.addAll(b.keySet());
      List<String> changes = new ArrayList<>();
      for (String k : keys) {
        if (!Objects.equals(a.get(k), b.get(k))) {
          changes.add(
              k
                  + ": "
                  + (a.containsKey(k) ? a.get(k) : "(default)")
                  + " -> "
                  + (b.containsKey(k) ? b.get(k) : "(default)"));
        }
      }
      out.add("the shared settings changed (" + String.join("; ", changes) + ")");
    }
    if (!prev.evaluation().equals(next.evaluation())
        && !prev.evaluation().grownInto(next.evaluation())) {
      out.add(
          "the evaluation changed ("
              + prev.evaluation().describe()
              + " -> "
              + next.evaluation().describe()
              + ")");
    }
    Map<String, Axis> prevAxes = new LinkedHashMap<>();
    prev.axes().forEach(x -> prevAxes.put(x.name(), x));
    List<String> prevNames = prev.axes().stream().map(Axis::name).toList();
    List<String> nextNames = next.axes().stream().map(Axis::name).toList();
    if (!prevNames.equals(nextNames)) {
      out.add("the axes changed (" + prevNames + " -> " + nextNames + ")");
    } else {
      for (Axis x : next.axes()) {
        for (Level l : x.levels()) {
          for (Level old : prevAxes.get(x.name()).levels()) {
            if (old.label().equals(l.label())
                && !Overrides.canonical(old.overrides())
                    .equals(Overrides.canonical(l.overrides()))) {
              out.add(
                  "value '"
                      + l.label()
                      + "' of axis "
                      + x.name()
                      + " now sets "
                      + l.overrides()
                      + " instead of "
                      + old.overrides());
            }
          }
        }
      }
    }
    return out;
  }

  private static String describe(SweepDefinition d) {
    return d.experiment().isEmpty()
        ? "the ad-hoc sweep " + d.name()
        : "experiment " + d.experiment() + " at scale " + d.scale();
  }

  /** A view of this folder under another definition (reports; nothing is written). */
  public SweepDirectory withDefinition(SweepDefinition other) {
    return new SweepDirectory(dir, other);
  }

  public Path dir() {
    return dir;
  }

  public SweepDefinition definition() {
    return definition;
  }

  public List<TrialSpec> trials() {
    return definition.trials();
  }

  public Path trialDir(String id) {
    return dir.resolve("trials").resolve(id);
  }

  /** The state of a trial of this sweep, read from its folder. */
  public TrialState state(TrialSpec t) throws IOException {
    return TrialState.read(trialDir(t.id()), definition.evaluation().forArm(t.arm()));
  }

  /** Appends one event line (time, trial, event, detail) to {@code events.jsonl}. */
  public synchronized void event(String trial, String event, String detail) throws IOException {
    ObjectNode n = JSON_LINE.createObjectNode();
    n.put("at", Instant.now().toString());
    n.put("trial", trial);
    n.put("event", event);
    if (detail != null && !detail.isEmpty()) {
      n.put("detail", detail);
    }
    Files.writeString(
        dir.resolve(EVENTS),
        JSON_LINE.writeValueAsString(n) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Every event recorded so far, oldest first. */
  public List<JsonNode> events() throws IOException {
    Path f = dir.resolve(EVENTS);
    List<JsonNode> out = new ArrayList<>();
    if (Files.isRegularFile(f)) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          try {
            out.add(JSON_LINE.readTree(line));
          } catch (IOException e) {
            // a line torn by a kill mid-write: the events before and after it still count
          }
        }
      }
    }
    return out;
  }

  /** Reads a JSON file of a sweep (manifests, status files). */
  public static JsonNode readJson(Path file) throws IOException {
    try {
      return JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * {@code trial.json}: what the trial runner needs to run the trial without the sweep definition.
   */
  public record TrialFile(
      String sweep, TrialSpec trial, io.tmr.experiments.registry.Evaluation evaluation) {}

  /** The settings of the trial in {@code trialDir}. */
  public static TrialFile readTrial(Path trialDir) throws IOException {
    Path f = trialDir.resolve("trial.json");
    if (!Files.isRegularFile(f)) {
      throw new IOException("no trial at " + trialDir + " (missing trial.json)");
    }
    return JSON.readValue(f.toFile(), TrialFile.class);
  }
}
