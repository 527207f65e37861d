package io.tmr.experiments.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.base.Preconditions;
import io.tmr.core.env.EnvironmentReport;
import io.tmr.core.io.AtomicFiles;
import io.tmr.experiments.registry.Evaluation;
import io.tmr.experiments.sweep.SweepDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;

/**
 * {@code tmr report}: from a sweep folder, writes into {@code report/}
 *
 * <pre>
 * report.md          the tables (pretraining at equal fresh and at equal discriminator examples;
 *                    downstream when the sweep fine-tuned), missing trials, figures, provenance
 * report.csv         every cell in long format (values by seed, statistics, test, run ids)
 * provenance.json    the runs (id, arm, seed, status, git commit) and which file used which runs
 * plots/*.png        curves, bar charts, ablation curves; provenance in each PNG's tEXt chunks
 * </pre>
 */
public final class Report {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Report() {}

  /** What was written. */
  public record Output(Path dir, List<Path> files, String markdown, List<ReportTable> tables) {}

  public static Output write(Path sweepDir, Path outDir) throws IOException {
    return write(sweepDir, outDir, null);
  }

  /**
   * Writes the report; {@code updatesBaseline} (when not null) replaces the layout's arm of the
   * equal-updates reading (a sweep folder written before its experiment declared one).
   */
  public static Output write(Path sweepDir, Path outDir, String updatesBaseline)
      throws IOException {
    return write(sweepDir, outDir, updatesBaseline, List.of());
  }

  /**
   * As {@link #write(Path, Path, String)}, and for every arm of {@code against} the pretraining
   * tables (both readings, at the same budgets) and the downstream table once more with differences
   * against that arm instead of the baseline: paired comparisons between two non-baseline arms
   * (e.g. a prioritized rule against the uniform control), named {@code <table>-vs-<arm>}.
   */
  public static Output write(
      Path sweepDir, Path outDir, String updatesBaseline, List<String> against) throws IOException {
    System.setProperty("java.awt.headless", "true");
    SweepResults r = SweepResults.load(sweepDir);
    SweepDefinition d = r.sweep().definition();
    if (updatesBaseline != null) {
      Preconditions.checkArgument(
          d.arms().contains(updatesBaseline),
          "--updates-baseline: the sweep has no arm '%s'; arms: %s",
          updatesBaseline,
          d.arms());
      d = d.withTable(d.table().withUpdatesBaseline(updatesBaseline));
      r = r.withDefinition(d);
    }
    for (String arm : against) {
      Preconditions.checkArgument(
          d.arms().contains(arm), "--against: the sweep has no arm '%s'; arms: %s", arm, d.arms());
    }
    List<ReportTable> tables = new ArrayList<>();
    String updates = d.table().updatesBaseline();
    ReportTable fresh =
        ReportTable.pretraining(r, d.table().pretrainingMetrics(), "fresh_sequences");
    ReportTable disc =
        updates.isEmpty()
            ? ReportTable.pretraining(r, d.table().pretrainingMetrics(), "disc_sequences")
            : ReportTable.pretraining(
                r, d.table().pretrainingMetrics(), "disc_sequences", updates, updates);
    tables.add(fresh);
    // When every run's discriminator saw as many sequences as its generator made, both readings are
    // one table.
    boolean sameReading = sameCells(fresh, disc);
    if (!sameReading) {
      tables.add(disc);
    }
    Evaluation e = d.evaluation();
    if (e.finetunes()) {
      tables.add(0, ReportTable.downstream(r, e));
      if (!updates.isEmpty()) {
        tables.add(1, ReportTable.downstream(r, e, updates));
      }
    }
    for (String arm : against) {
      tables.add(
          ReportTable.pretraining(r, d.table().pretrainingMetrics(), "fresh_sequences", "", arm)
              .against(arm));
      if (!sameReading) {
        tables.add(
            ReportTable.pretraining(
                    r, d.table().pretrainingMetrics(), "disc_sequences", updates, arm)
                .against(arm));
      }
      if (e.finetunes() && !arm.equals(d.table().baselineArm()) && !arm.equals(updates)) {
        tables.add(ReportTable.downstream(r, e, arm));
      }
    }
    ReportTable replay = ReportTable.replayDiagnostics(r);
    if (replay != null) {
      tables.add(replay);
    }
    Files.createDirectories(outDir.resolve("plots"));
    List<Path> files = new ArrayList<>();
    Map<String, List<String>> fileRuns = new LinkedHashMap<>();
    List<String> allRuns =
        r.trials().stream()
            .filter(SweepResults.Trial::pretrained)
            .map(SweepResults.Trial::runId)
            .toList();
    String commits =
        String.join(
            " ",
            new TreeSet<>(
                r.trials().stream()
                    .flatMap(t -> List.of(t.gitCommit().split("\\+")).stream())
                    .filter(c -> !c.isEmpty())
                    .toList()));

    List<String> figures = new ArrayList<>();
    String metric =
        d.table().pretrainingMetrics().contains("disc_loss")
            ? "disc_loss"
            : d.table().pretrainingMetrics().get(0);
    for (String x : List.of("fresh_sequences", "seconds")) {
      XYChart c = ReportPlots.curves(r, metric, x);
      if (!c.getSeriesMap().isEmpty()) {
        String name =
            "curves-" + metric + "-vs-" + (x.equals("seconds") ? "wallclock" : "fresh") + ".png";
        save(c, outDir, name, sweepDir, allRuns, commits, files, fileRuns, figures);
      }
    }
    for (ReportTable t : tables) {
      List<String> runs = runsOf(t);
      for (Map.Entry<String, CategoryChart> b : ReportPlots.bars(t).entrySet()) {
        save(
            b.getValue(),
            outDir,
            "bars-" + t.name() + "-" + b.getKey() + ".png",
            sweepDir,
            runs,
            commits,
            files,
            fileRuns,
            figures);
      }
      if (!d.table().ablationKey().isEmpty() && !t.name().endsWith("disc")) {
        for (String col : t.columns()) {
          XYChart a = ReportPlots.ablation(t, r, col, d.table().ablationKey());
          if (a != null) {
            save(
                a,
                outDir,
                "ablation-" + t.name() + "-" + col + ".png",
                sweepDir,
                runs,
                commits,
                files,
                fileRuns,
                figures);
          }
        }
      }
    }

    StringBuilder md = new StringBuilder();
    md.append("# ")
        .append(
            d.experiment().isEmpty()
                ? "Sweep " + d.name()
                : d.experiment() + " (" + d.scale() + " scale)")
        .append("\n\n");
    md.append("- sweep: ")
        .append(d.name())
        .append(" in ")
        .append(sweepDir.toAbsolutePath())
        .append('\n');
    if (!d.experiment().isEmpty()) {
      md.append("- experiment: ")
          .append(d.experiment())
          .append(" v")
          .append(d.experimentVersion())
          .append(", scale ")
          .append(d.scale())
          .append('\n');
    }
    md.append("- shared settings: `").append(String.join(" ", d.base())).append("`\n");
    md.append("- seeds: ")
        .append(d.seeds())
        .append("; evaluation: ")
        .append(e.describe())
        .append('\n');
    md.append("- runs: ")
        .append(allRuns.size())
        .append(" of ")
        .append(r.trials().size())
        .append(" trials pretrained; run commits: ")
        .append(commits.isEmpty() ? "unknown" : commits)
        .append('\n');
    md.append("- report written ")
        .append(Instant.now())
        .append(" at commit ")
        .append(EnvironmentReport.gitCommit())
        .append("\n\n");
    for (ReportTable t : tables) {
      md.append(t.markdown()).append('\n');
      if (t == fresh && sameReading) {
        md.append(
            "At equal discriminator examples the table is the same: every run's discriminator trained on as many sequences as "
                + "its generator produced (disc_sequences = fresh_sequences at every evaluation read).\n\n");
      }
    }
    List<String> missing = new ArrayList<>();
    for (SweepResults.Trial t : r.trials()) {
      if (!t.state().finished()) {
        missing.add(
            t.runId()
                + " ("
                + t.state().stage().name().toLowerCase(java.util.Locale.ROOT)
                + (t.state().lastFailure().isEmpty() ? "" : ": " + t.state().lastFailure())
                + ")");
      }
    }
    if (!missing.isEmpty()) {
      md.append("### Not included (unfinished)\n\n");
      missing.forEach(m -> md.append("- ").append(m).append('\n'));
      md.append('\n');
    }
    md.append("### Figures\n\n");
    figures.forEach(f -> md.append("- `plots/").append(f).append("`\n"));
    md.append(
        "\n### Runs\n\n| run | arm | seed | pretraining status | commit |\n|---|---|---:|---|---|\n");
    for (SweepResults.Trial t : r.trials()) {
      md.append("| ")
          .append(t.runId())
          .append(" | ")
          .append(t.arm())
          .append(" | ")
          .append(t.seed())
          .append(" | ")
          .append(t.state().runStatus().isEmpty() ? "-" : t.state().runStatus())
          .append(" | ")
          .append(t.gitCommit().isEmpty() ? "-" : shortCommit(t.gitCommit()))
          .append(" |\n");
    }
    Path mdFile = outDir.resolve("report.md");
    AtomicFiles.writeString(mdFile, md.toString());
    files.add(0, mdFile);
    fileRuns.put("report.md", allRuns);

    StringBuilder csv =
        new StringBuilder(
            "# sweep "
                + d.name()
                + "; run commits "
                + commits
                + "; report commit "
                + EnvironmentReport.gitCommit()
                + "\n");
    csv.append(ReportTable.CSV_HEADER).append('\n');
    for (ReportTable t : tables) {
      t.csvRows().forEach(row -> csv.append(row).append('\n'));
    }
    Path csvFile = outDir.resolve("report.csv");
    AtomicFiles.writeString(csvFile, csv.toString());
    files.add(1, csvFile);
    fileRuns.put("report.csv", allRuns);

    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("sweep", d.name());
    prov.put("sweepDir", sweepDir.toAbsolutePath().toString());
    prov.put("experiment", d.experiment());
    prov.put("experimentVersion", d.experimentVersion());
    prov.put("scale", d.scale());
    prov.put("generatedAt", Instant.now().toString());
    prov.put("reportGitCommit", EnvironmentReport.gitCommit());
    List<Map<String, Object>> runs = new ArrayList<>();
    for (SweepResults.Trial t : r.trials()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", t.runId());
      m.put("arm", t.arm());
      m.put("seed", t.seed());
      m.put("status", t.state().runStatus());
      m.put("gitCommit", t.gitCommit());
      m.put("overrides", t.spec().overrides());
      runs.add(m);
    }
    prov.put("runs", runs);
    prov.put("files", fileRuns);
    Path provFile = outDir.resolve("provenance.json");
    AtomicFiles.writeString(provFile, JSON.writeValueAsString(prov) + "\n");
    files.add(2, provFile);
    return new Output(outDir, files, md.toString(), tables);
  }

  private static void save(
      org.knowm.xchart.internal.chartpart.Chart<?, ?> chart,
      Path outDir,
      String name,
      Path sweepDir,
      List<String> runs,
      String commits,
      List<Path> files,
      Map<String, List<String>> fileRuns,
      List<String> figures)
      throws IOException {
    Path file = outDir.resolve("plots").resolve(name);
    Map<String, String> p = new LinkedHashMap<>();
    p.put(ReportPlots.KEY_SOURCE, sweepDir.toAbsolutePath().toString());
    p.put(ReportPlots.KEY_RUNS, String.join(" ", runs));
    p.put(ReportPlots.KEY_COMMITS, commits);
    ReportPlots.save(chart, file, p);
    files.add(file);
    fileRuns.put("plots/" + name, runs);
    figures.add(name);
  }

  private static boolean sameCells(ReportTable a, ReportTable b) {
    for (String arm : a.arms()) {
      for (String c : a.columns()) {
        if (!a.cells().get(arm).get(c).bySeed().equals(b.cells().get(arm).get(c).bySeed())) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<String> runsOf(ReportTable t) {
    TreeSet<String> ids = new TreeSet<>();
    t.cells().values().forEach(row -> row.values().forEach(c -> ids.addAll(c.runs())));
    return new ArrayList<>(ids);
  }

  private static String shortCommit(String c) {
    List<String> out = new ArrayList<>();
    for (String part : c.split("\\+")) {
      out.add(
          part.length() > 12
              ? part.substring(0, 12) + (part.endsWith("-dirty") ? "-dirty" : "")
              : part);
    }
    return String.join("+", out);
  }
}
