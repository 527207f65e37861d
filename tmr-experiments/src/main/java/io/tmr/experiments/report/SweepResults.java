package io.tmr.experiments.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.tmr.core.run.MetricsLog;
import io.tmr.core.run.RunDirectory;
import io.tmr.experiments.registry.Overrides;
import io.tmr.experiments.sweep.FinetuneResults;
import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialSpec;
import io.tmr.experiments.sweep.TrialState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a report needs from a sweep folder, read once. */
public final class SweepResults {
  /**
   * One trial's results; {@code metrics} is its metrics.csv by column (empty when the run has
   * none); {@code gitCommit} the commit the run started at, then any other commit it was resumed
   * at, joined by {@code +}.
   */
  public record Trial(
      TrialSpec spec,
      TrialState state,
      String runId,
      String gitCommit,
      Map<String, Double> finalValidation,
      Map<String, double[]> metrics,
      Map<String, List<Double>> finetune) {

    public String arm() {
      return spec.arm();
    }

    public long seed() {
      return spec.seed();
    }

    /** Whether pretraining reached its end (the pretraining columns can use it). */
    public boolean pretrained() {
      return TrialState.pretrainingFinished(state.runStatus());
    }

    /** The last value of a metrics.csv column ({@code fresh_sequences}, {@code disc_sequences}). */
    public double last(String column) {
      double[] c = metrics.get(column);
      return c == null || c.length == 0 ? Double.NaN : c[c.length - 1];
    }

    /**
     * Validation {@code metric} at the last evaluation whose {@code axis} value is at most {@code
     * x}: the run's reading "at equal {@code axis}". NaN when it has no such evaluation.
     */
    public double validationAt(String metric, String axis, double x) {
      double[] a = metrics.get(axis);
      double[] v = metrics.get("val_" + metric);
      if (a == null || v == null) {
        return Double.NaN;
      }
      double out = Double.NaN;
      for (int i = 0; i < a.length; i++) {
        if (a[i] <= x + 1e-9 && Double.isFinite(v[i])) {
          out = v[i];
        }
      }
      return out;
    }

    /** The step of the evaluation {@link #validationAt} reads. */
    public double stepAt(String metric, String axis, double x) {
      double[] a = metrics.get(axis);
      double[] v = metrics.get("val_" + metric);
      double[] s = metrics.get("step");
      double out = Double.NaN;
      if (a != null && v != null && s != null) {
        for (int i = 0; i < a.length; i++) {
          if (a[i] <= x + 1e-9 && Double.isFinite(v[i])) {
            out = s[i];
          }
        }
      }
      return out;
    }

    /** A downstream column's value: the median over fine-tuning seeds of the task score. */
    public double downstream(String column) {
      List<Double> v = finetune.get(FinetuneResults.column(column));
      if (v == null) {
        return Double.NaN;
      }
      double[] finite =
          v.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
      return finite.length == 0 ? Double.NaN : Statistics.median(finite);
    }

    /**
     * The numeric value this trial's settings give {@code key} (ablation x axis); NaN when not
     * numeric or unset.
     */
    public double setting(String key) {
      String v = Overrides.resolve(spec.overrides()).get(key);
      try {
        return v == null ? Double.NaN : Double.parseDouble(v);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
  }

  private final SweepDirectory sweep;
  private final List<Trial> trials;

  private SweepResults(SweepDirectory sweep, List<Trial> trials) {
    this.sweep = sweep;
    this.trials = trials;
  }

  public static SweepResults load(Path sweepDir) throws IOException {
    SweepDirectory sweep = SweepDirectory.read(sweepDir);
    List<Trial> out = new ArrayList<>();
    for (TrialSpec t : sweep.trials()) {
      Path td = sweep.trialDir(t.id());
      TrialState state = sweep.state(t);
      Path run = td.resolve(TrialState.RUN);
      Map<String, Double> validation = new LinkedHashMap<>();
      String commit = "";
      if (Files.isRegularFile(run.resolve(RunDirectory.MANIFEST))) {
        JsonNode m = SweepDirectory.readJson(run.resolve(RunDirectory.MANIFEST));
        // The commit the run started at, then those of its resumes (a resumed run ran code from
        // each).
        java.util.LinkedHashSet<String> commits = new java.util.LinkedHashSet<>();
        commits.add(m.path("gitCommit").asText(""));
        m.path("resumes").forEach(r -> commits.add(r.path("gitCommit").asText("")));
        commits.remove("");
        commit = String.join("+", commits);
        m.path("results")
            .path("validation")
            .fields()
            .forEachRemaining(e -> validation.put(e.getKey(), number(e.getValue())));
      }
      Map<String, double[]> metrics =
          Files.isRegularFile(run.resolve(RunDirectory.METRICS))
              ? MetricsLog.read(run.resolve(RunDirectory.METRICS))
              : Map.of();
      out.add(
          new Trial(
              t,
              state,
              t.id(),
              commit,
              validation,
              metrics,
              FinetuneResults.read(td.resolve(TrialState.FINETUNE))));
    }
    return new SweepResults(sweep, out);
  }

  private static double number(JsonNode n) {
    if (n.isNumber()) {
      return n.asDouble();
    }
    try {
      return Double.parseDouble(n.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /** These results under another definition of the same sweep (e.g. another table layout). */
  public SweepResults withDefinition(io.tmr.experiments.sweep.SweepDefinition d) {
    return new SweepResults(sweep.withDefinition(d), trials);
  }

  public SweepDirectory sweep() {
    return sweep;
  }

  public List<Trial> trials() {
    return trials;
  }

  /** Trials grouped by arm, arms in the definition's order. */
  public Map<String, List<Trial>> byArm() {
    Map<String, List<Trial>> m = new LinkedHashMap<>();
    for (String arm : sweep.definition().arms()) {
      m.put(arm, new ArrayList<>());
    }
    for (Trial t : trials) {
      m.get(t.arm()).add(t);
    }
    return m;
  }
}
