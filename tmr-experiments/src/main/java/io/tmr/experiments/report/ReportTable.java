package io.tmr.experiments.report;

import com.google.common.base.Preconditions;
import io.tmr.experiments.registry.Evaluation;
import io.tmr.experiments.registry.TableLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A paper-style table: rows are arms (baseline first as declared), columns are tasks or metrics;
 * each cell holds the per-seed values, their {@link Statistics} and, off the baseline row, the
 * {@link Comparison} with the baseline.
 *
 * @param name file-name stem ({@code pretraining-equal-fresh}, {@code downstream})
 * @param reading how the values were read, printed under the title
 */
public record ReportTable(
    String name,
    String title,
    String reading,
    List<String> columns,
    List<String> arms,
    String baseline,
    Map<String, Map<String, Cell>> cells) {

  /** One arm × column. {@code runs} are the trial ids that gave a value. */
  public record Cell(
      Map<Long, Double> bySeed, Statistics stats, Comparison vsBaseline, List<String> runs) {}

  /**
   * This table under the name and title of a comparison against {@code arm} (its differences must
   * already be against it): {@code <name>-vs-<arm>}, "... against <arm>".
   */
  public ReportTable against(String arm) {
    Preconditions.checkArgument(baseline.equals(arm), "differences are against %s", baseline);
    return new ReportTable(
        name + "-vs-" + arm, title + " against " + arm, reading, columns, arms, baseline, cells);
  }

  /** Human names of the pretraining metrics (validation set). */
  static String label(String column) {
    return switch (column) {
      case "disc_auc" -> "RTD AUC";
      case "disc_loss" -> "RTD loss";
      case "disc_acc" -> "RTD accuracy";
      case "mlm_acc" -> "MLM accuracy";
      case "mlm_loss" -> "MLM loss";
      case "sampled_acc" -> "sampled accuracy";
      case "glue-avg" -> "GLUE avg";
      default -> column;
    };
  }

  /**
   * Validation metrics of every pretrained trial read at equal {@code axis} ({@code
   * fresh_sequences} or {@code disc_sequences}): at the budget every run reached, each run's last
   * evaluation at or before it.
   */
  public static ReportTable pretraining(SweepResults r, List<String> metrics, String axis) {
    return pretraining(r, metrics, axis, "", r.sweep().definition().table().baselineArm());
  }

  /**
   * As {@link #pretraining(SweepResults, List, String)}, with the budget {@code budgetArm}'s runs
   * reached ({@code ""}: every run) and differences against {@code baseline}. Runs that end before
   * the budget are read at their end, and named.
   */
  public static ReportTable pretraining(
      SweepResults r, List<String> metrics, String axis, String budgetArm, String baseline) {
    double budget = Double.POSITIVE_INFINITY;
    for (SweepResults.Trial t : r.trials()) {
      if (t.pretrained()
          && Double.isFinite(t.last(axis))
          && (budgetArm.isEmpty() || t.arm().equals(budgetArm))) {
        budget = Math.min(budget, t.last(axis));
      }
    }
    String what =
        axis.equals("fresh_sequences") ? "fresh (generator) examples" : "discriminator examples";
    String reading =
        String.format(
            Locale.ROOT,
            "validation metrics at equal %s: %,.0f sequences%s, each run read at its last evaluation at or before that budget",
            what,
            budget,
            budgetArm.isEmpty() ? "" : " (what " + budgetArm + " reached)");
    List<String> shortArms = new ArrayList<>();
    final double x = budget;
    Map<String, Map<String, Map<Long, Double>>> values = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> runs = new LinkedHashMap<>();
    r.byArm()
        .forEach(
            (arm, trials) -> {
              for (SweepResults.Trial t : trials) {
                if (t.pretrained() && t.last(axis) < x - 0.5 && !shortArms.contains(arm)) {
                  shortArms.add(arm);
                }
              }
              for (String m : metrics) {
                Map<Long, Double> bySeed = new TreeMap<>();
                List<String> ids = new ArrayList<>();
                for (SweepResults.Trial t : trials) {
                  double v =
                      t.pretrained() && Double.isFinite(x)
                          ? t.validationAt(m, axis, x)
                          : Double.NaN;
                  if (Double.isFinite(v)) {
                    bySeed.put(t.seed(), v);
                    ids.add(t.runId());
                  }
                }
                values.computeIfAbsent(arm, k -> new LinkedHashMap<>()).put(m, bySeed);
                runs.computeIfAbsent(arm, k -> new LinkedHashMap<>()).put(m, ids);
              }
            });
    if (!shortArms.isEmpty()) {
      reading += "; read at their end, short of the budget: " + String.join(", ", shortArms);
    }
    Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
    fill(cells, values, runs, baseline);
    return new ReportTable(
        "pretraining-equal-" + (axis.equals("fresh_sequences") ? "fresh" : "disc"),
        "Pretraining (validation) at equal " + what,
        reading,
        metrics,
        new ArrayList<>(values.keySet()),
        baseline,
        cells);
  }

  /** Replay diagnostics columns: metrics.csv values at each run's last logged step. */
  static final List<String> REPLAY_COLUMNS =
      List.of(
          "beta",
          "sample_ess_ratio",
          "sample_kl_uniform",
          "draws_first_use_frac",
          "reused_frac",
          "disc_loss_unweighted",
          "train_seconds");

  /**
   * Whether sampling was prioritised, per arm (arms without a buffer show –): β, the sampling
   * distribution's ESS ratio and KL from uniform, the share of drawn rows never trained on, re-used
   * rows as a share of discriminator rows, the unweighted training RTD loss, and training seconds
   * (Σ logged step time × steps since the previous row). {@code null} when no run logged replay
   * columns.
   */
  public static ReportTable replayDiagnostics(SweepResults r) {
    Map<String, Map<String, Map<Long, Double>>> values = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> runs = new LinkedHashMap<>();
    boolean any = false;
    for (Map.Entry<String, List<SweepResults.Trial>> e : r.byArm().entrySet()) {
      for (String c : REPLAY_COLUMNS) {
        Map<Long, Double> bySeed = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        for (SweepResults.Trial t : e.getValue()) {
          if (!t.pretrained()) {
            continue;
          }
          double v =
              switch (c) {
                case "reused_frac" -> t.last("reused_rows_total") / t.last("disc_sequences");
                case "train_seconds" -> {
                  double[] sec = ReportPlots.trainingSeconds(t.metrics());
                  yield sec == null || sec.length == 0 ? Double.NaN : sec[sec.length - 1];
                }
                default -> t.last(c);
              };
          if (Double.isFinite(v)) {
            bySeed.put(t.seed(), v);
            ids.add(t.runId());
            any |= c.equals("sample_ess_ratio");
          }
        }
        values.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(c, bySeed);
        runs.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>()).put(c, ids);
      }
    }
    if (!any) {
      return null;
    }
    Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
    fill(cells, values, runs, "");
    return new ReportTable(
        "replay-diagnostics",
        "Replay diagnostics (last logged step)",
        "is sampling prioritised? β; ESS ratio (Σp)²/(N·Σp²), 1 = uniform; KL(P‖uniform) in nats; share of drawn rows never "
            + "trained on; re-used rows / discriminator rows; training RTD loss without importance weights; training seconds",
        REPLAY_COLUMNS,
        new ArrayList<>(values.keySet()),
        "",
        cells);
  }

  /**
   * Downstream scores: every task, the GLUE average (mean of the GLUE task scores of a run), SQuAD.
   */
  public static ReportTable downstream(SweepResults r, Evaluation e) {
    return downstream(r, e, r.sweep().definition().table().baselineArm());
  }

  /** The downstream table with differences against {@code baseline}. */
  public static ReportTable downstream(SweepResults r, Evaluation e, String baseline) {
    List<String> columns = new ArrayList<>(e.glueTasks());
    if (!e.glueTasks().isEmpty()) {
      columns.add("glue-avg");
    }
    if (!e.squadSplit().isEmpty()) {
      columns.add("squad");
    }
    Map<String, Map<String, Map<Long, Double>>> values = new LinkedHashMap<>();
    Map<String, Map<String, List<String>>> runs = new LinkedHashMap<>();
    r.byArm()
        .forEach(
            (arm, trials) -> {
              for (String c : columns) {
                Map<Long, Double> bySeed = new TreeMap<>();
                List<String> ids = new ArrayList<>();
                for (SweepResults.Trial t : trials) {
                  double v;
                  if (c.equals("glue-avg")) {
                    double s = 0;
                    for (String g : e.glueTasks()) {
                      s += t.downstream(g);
                    }
                    v = s / e.glueTasks().size();
                  } else {
                    v = t.downstream(c);
                  }
                  if (Double.isFinite(v)) {
                    bySeed.put(t.seed(), v);
                    ids.add(t.runId());
                  }
                }
                values.computeIfAbsent(arm, k -> new LinkedHashMap<>()).put(c, bySeed);
                runs.computeIfAbsent(arm, k -> new LinkedHashMap<>()).put(c, ids);
              }
            });
    Map<String, Map<String, Cell>> cells = new LinkedHashMap<>();
    fill(cells, values, runs, baseline);
    String reading =
        "downstream dev scores; a run's task score is the median over fine-tuning seeds "
            + e.finetuneSeeds()
            + " of the task's metric mean (GLUE convention; SQuAD: F1)"
            + (e.squadSplit().isEmpty() ? "" : "; SQuAD split " + e.squadSplit());
    boolean main = baseline.equals(r.sweep().definition().table().baselineArm());
    return new ReportTable(
        main ? "downstream" : "downstream-vs-" + baseline,
        "Downstream (" + e.describe() + ")" + (main ? "" : " against " + baseline),
        reading,
        columns,
        new ArrayList<>(values.keySet()),
        baseline,
        cells);
  }

  private static void fill(
      Map<String, Map<String, Cell>> cells,
      Map<String, Map<String, Map<Long, Double>>> values,
      Map<String, Map<String, List<String>>> runs,
      String baseline) {
    values.forEach(
        (arm, byColumn) ->
            byColumn.forEach(
                (col, bySeed) -> {
                  double[] v = bySeed.values().stream().mapToDouble(Double::doubleValue).toArray();
                  Comparison c =
                      arm.equals(baseline) || !values.containsKey(baseline)
                          ? null
                          : Comparison.of(values.get(baseline).get(col), bySeed);
                  cells
                      .computeIfAbsent(arm, k -> new LinkedHashMap<>())
                      .put(col, new Cell(bySeed, Statistics.of(v), c, runs.get(arm).get(col)));
                }));
  }

  /**
   * The Markdown table: {@code median [Q1, Q3]}, and {@code Δ, p} off the baseline row, with n per
   * row.
   */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("### ").append(title).append("\n\n").append(reading).append(".\n\n");
    b.append("| arm | n |");
    for (String c : columns) {
      b.append(' ')
          .append(label(c))
          .append(
              TableLayout.KNOWN_METRICS.contains(c)
                  ? (TableLayout.higherIsBetter(c) ? " ↑" : " ↓")
                  : "")
          .append(" |");
    }
    b.append("\n|---|---:|");
    b.append("---:|".repeat(columns.size())).append('\n');
    for (String arm : arms) {
      Map<String, Cell> row = cells.get(arm);
      int n = row.values().stream().mapToInt(c -> c.stats().n()).max().orElse(0);
      b.append("| ")
          .append(arm)
          .append(arm.equals(baseline) ? " (baseline)" : "")
          .append(" | ")
          .append(n)
          .append(" |");
      for (String c : columns) {
        Cell cell = row.get(c);
        b.append(' ').append(cellText(cell)).append(" |");
      }
      b.append('\n');
    }
    b.append(
        "\nCells: median over pretraining seeds [IQR: 25th–75th percentile]. Δ: median paired difference to the baseline "
            + "(same seed), p: two-sided Wilcoxon signed-rank test (exact), 95% CI: bootstrap of the mean paired difference; n: seeds.\n");
    return b.toString();
  }

  static String cellText(Cell cell) {
    if (cell == null || cell.stats().n() == 0) {
      return "–";
    }
    Statistics s = cell.stats();
    String text = fmt(s.median()) + " [" + fmt(s.q1()) + ", " + fmt(s.q3()) + "]";
    Comparison c = cell.vsBaseline();
    if (c != null && !c.test().equals("none")) {
      text +=
          String.format(
              Locale.ROOT,
              " Δ %+.4f (p %.2f, CI %+.4f..%+.4f, n %d)",
              c.delta(),
              c.pValue(),
              c.ciLow(),
              c.ciHigh(),
              c.n());
    } else if (c != null && Double.isFinite(c.delta())) {
      text += String.format(Locale.ROOT, " Δ %+.4f (n %d)", c.delta(), c.n());
    }
    return text;
  }

  static String fmt(double v) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    return Math.abs(v) >= 10
        ? String.format(Locale.ROOT, "%.2f", v)
        : String.format(Locale.ROOT, "%.4f", v);
  }

  /** Long-format CSV rows (one per arm × column) after {@link #CSV_HEADER}. */
  public List<String> csvRows() {
    List<String> out = new ArrayList<>();
    for (String arm : arms) {
      for (String c : columns) {
        Cell cell = cells.get(arm).get(c);
        Statistics s = cell.stats();
        Comparison k = cell.vsBaseline();
        out.add(
            String.join(
                ",",
                name,
                quote(arm),
                c,
                Integer.toString(s.n()),
                num(s.median()),
                num(s.q1()),
                num(s.q3()),
                num(s.mean()),
                num(s.std()),
                Boolean.toString(arm.equals(baseline)),
                k == null ? "" : num(k.delta()),
                k == null ? "" : num(k.meanDelta()),
                k == null ? "" : num(k.pValue()),
                k == null ? "" : k.test(),
                k == null ? "" : num(k.ciLow()),
                k == null ? "" : num(k.ciHigh()),
                quote(seedValues(cell.bySeed())),
                quote(String.join(" ", cell.runs()))));
      }
    }
    return out;
  }

  public static final String CSV_HEADER =
      "table,arm,column,n,median,q1,q3,mean,std,baseline,delta_median,delta_mean,p_value,test,ci95_low,ci95_high,values_by_seed,runs";

  private static String seedValues(Map<Long, Double> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((s, v) -> b.append(b.length() == 0 ? "" : " ").append(s).append(':').append(num(v)));
    return b.toString();
  }

  private static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
