package io.tmr.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.experiments.registry.Evaluation;
import io.tmr.experiments.registry.TableLayout;
import io.tmr.experiments.sweep.Axis;
import io.tmr.experiments.sweep.Level;
import io.tmr.experiments.sweep.SweepDefinition;
import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report over a sweep whose runs are written by hand with known values: arm {@code every2} runs
 * its generator every second step (half the fresh examples), so the two readings differ.
 */
class ReportTest {
  @TempDir Path tmp;

  private SweepDirectory sweep(Evaluation e) throws Exception {
    Axis arms =
        new Axis(
            "arm",
            List.of(
                new Level("base", List.of("replay.generatorInterval=1")),
                new Level("every2", List.of("replay.generatorInterval=2"))));
    SweepDefinition d =
        new SweepDefinition(
            "r",
            "",
            0,
            "",
            List.of("trainer=tmr"),
            List.of(arms),
            List.of(1L, 2L, 3L),
            e,
            new TableLayout("base", List.of("disc_auc", "disc_loss"), "replay.generatorInterval"));
    SweepDirectory s = SweepDirectory.open(tmp.resolve("sweep"), d);
    for (TrialSpec t : s.trials()) {
      Path run = Files.createDirectories(s.trialDir(t.id()).resolve("run"));
      boolean every2 = t.arm().equals("every2");
      double last = (every2 ? 0.72 : 0.70) + 0.001 * t.seed();
      Files.writeString(
          run.resolve("manifest.json"),
          String.format(
              Locale.ROOT,
              "{\"status\": \"completed\", \"gitCommit\": \"c0ffee\", \"results\": {\"validation\": {\"disc_auc\": %s}}}",
              last));
      StringBuilder csv =
          new StringBuilder(
              "step,fresh_sequences,disc_sequences,step_ms,val_disc_auc,val_disc_loss\n");
      csv.append("0,0,0,0,0.5,0.69\n");
      csv.append(
          String.format(
              Locale.ROOT, "5,%d,40,100,%s,0.5\n", every2 ? 20 : 40, every2 ? 0.62 : 0.6));
      csv.append(String.format(Locale.ROOT, "10,%d,80,100,%s,0.4\n", every2 ? 40 : 80, last));
      Files.writeString(run.resolve("metrics.csv"), csv.toString());
    }
    return s;
  }

  @Test
  void tablesReadEachRunAtEqualFreshAndAtEqualDiscriminatorExamples() throws Exception {
    SweepDirectory s = sweep(Evaluation.pretrainingOnly());
    Report.Output o = Report.write(s.dir(), s.dir().resolve("report"));
    ReportTable fresh = o.tables().get(0);
    ReportTable disc = o.tables().get(1);
    assertEquals("pretraining-equal-fresh", fresh.name());
    // Equal fresh examples (40): base is read at step 5, every2 at its end.
    assertEquals(0.6, fresh.cells().get("base").get("disc_auc").stats().median(), 1e-12);
    assertEquals(0.722, fresh.cells().get("every2").get("disc_auc").stats().median(), 1e-12);
    Comparison c = fresh.cells().get("every2").get("disc_auc").vsBaseline();
    assertEquals(0.122, c.delta(), 1e-12);
    assertEquals(3, c.n());
    assertEquals(0.25, c.pValue(), 1e-12);
    // Equal discriminator examples (80): both at their end; every2 is 0.02 ahead in every seed.
    assertEquals(0.702, disc.cells().get("base").get("disc_auc").stats().median(), 1e-12);
    assertEquals(0.7015, disc.cells().get("base").get("disc_auc").stats().q1(), 1e-12);
    assertEquals(0.02, disc.cells().get("every2").get("disc_auc").vsBaseline().delta(), 1e-12);
    assertEquals(0.0, disc.cells().get("every2").get("disc_loss").vsBaseline().delta(), 1e-12);

    String md = Files.readString(o.dir().resolve("report.md"));
    assertTrue(md.contains("| base (baseline) | 3 | 0.6000 [0.6000, 0.6000] |"), md);
    assertTrue(md.contains("0.7220 [0.7215, 0.7225] Δ +0.1220 (p 0.25"), md);
    assertTrue(md.contains("equal discriminator examples: 80 sequences"), md);
    String csv = Files.readString(o.dir().resolve("report.csv"));
    assertTrue(
        csv.contains("pretraining-equal-disc,every2,disc_auc,3,0.722000,0.721500,0.722500"), csv);
    assertTrue(
        csv.lines()
            .anyMatch(
                l ->
                    l.startsWith("pretraining-equal-fresh,every2,disc_auc")
                        && l.contains("1:0.721000 2:0.722000 3:0.723000")),
        csv);
  }

  /**
   * paper-main's shape: {@code short} ELECTRA at 10 steps (80 fresh = 80 discriminator rows),
   * {@code long} ELECTRA at 20, {@code tmr} at 20 steps with half-fresh batches (80 fresh, 160
   * discriminator rows) and replay columns.
   */
  @Test
  void theEqualUpdatesReadingIsAgainstItsOwnBaselineAndReplayDiagnosticsAreTabulated()
      throws Exception {
    Axis arms =
        new Axis(
            "arm",
            List.of(
                new Level("short", List.of("trainer=electra")),
                new Level("long", List.of("trainer=electra", "train.stepsMultiplier=2")),
                new Level("tmr", List.of("trainer=tmr", "train.stepsMultiplier=2"))));
    SweepDefinition d =
        new SweepDefinition(
            "p",
            "",
            0,
            "",
            List.of(),
            List.of(arms),
            List.of(1L, 2L),
            Evaluation.pretrainingOnly(),
            new TableLayout("short", List.of("disc_auc"), "", "long"));
    SweepDirectory s = SweepDirectory.open(tmp.resolve("paper"), d);
    for (TrialSpec t : s.trials()) {
      Path run = Files.createDirectories(s.trialDir(t.id()).resolve("run"));
      Files.writeString(
          run.resolve("manifest.json"), "{\"status\": \"completed\", \"gitCommit\": \"c0ffee\"}");
      boolean tmr = t.arm().equals("tmr");
      int steps = t.arm().equals("short") ? 10 : 20;
      StringBuilder csv =
          new StringBuilder(
              "step,fresh_sequences,disc_sequences,step_ms,val_disc_auc"
                  + (tmr
                      ? ",beta,sample_ess_ratio,sample_kl_uniform,draws_first_use_frac,reused_rows_total,disc_loss_unweighted"
                      : "")
                  + "\n");
      for (int step = 0; step <= steps; step += 10) {
        int fresh = step * (tmr ? 4 : 8);
        double auc = 0.5 + step / 100.0 + (tmr ? 0.05 : 0) + t.seed() / 1000.0;
        csv.append(
            String.format(
                Locale.ROOT, "%d,%d,%d,%d,%s", step, fresh, step * 8, step == 0 ? 0 : 100, auc));
        if (tmr) {
          csv.append(
              String.format(
                  Locale.ROOT, ",%s,0.6,0.3,0,%d,0.35", step == steps ? 1.0 : 0.4, step * 4));
        }
        csv.append('\n');
      }
      Files.writeString(run.resolve("metrics.csv"), csv.toString());
    }
    Report.Output o = Report.write(s.dir(), s.dir().resolve("report"));
    ReportTable fresh = o.tables().get(0);
    ReportTable disc = o.tables().get(1);
    // Equal fresh examples (80): short and tmr at their end, long at step 10.
    assertEquals(0.6015, fresh.cells().get("short").get("disc_auc").stats().median(), 1e-12);
    assertEquals(0.6015, fresh.cells().get("long").get("disc_auc").stats().median(), 1e-12);
    assertEquals(0.15, fresh.cells().get("tmr").get("disc_auc").vsBaseline().delta(), 1e-12);
    // Equal updates: long's budget (160 rows), differences against long; short ends before it and
    // is named.
    assertEquals("long", disc.baseline());
    assertTrue(
        disc.reading().contains("160 sequences (what long reached)")
            && disc.reading().contains("short of the budget: short"),
        disc.reading());
    assertEquals(0.05, disc.cells().get("tmr").get("disc_auc").vsBaseline().delta(), 1e-12);
    ReportTable replay = o.tables().get(2);
    assertEquals("replay-diagnostics", replay.name());
    assertEquals(1.0, replay.cells().get("tmr").get("beta").stats().median(), 0.0);
    assertEquals(
        0.5,
        replay.cells().get("tmr").get("reused_frac").stats().median(),
        1e-12,
        "80 re-used of 160 rows");
    assertEquals(
        0, replay.cells().get("long").get("sample_ess_ratio").stats().n(), "ELECTRA has no buffer");
    assertEquals(
        2.0,
        replay.cells().get("long").get("train_seconds").stats().median(),
        1e-12,
        "2 x 10 steps x 100 ms");
    String md = Files.readString(o.dir().resolve("report.md"));
    assertTrue(md.contains("### Replay diagnostics (last logged step)"), md);

    // --against tmr: both readings once more, at the same budgets, differences against tmr.
    Report.Output vs = Report.write(s.dir(), tmp.resolve("vs"), null, List.of("tmr"));
    Map<String, ReportTable> byName = new java.util.HashMap<>();
    vs.tables().forEach(t -> byName.put(t.name(), t));
    ReportTable freshVs = byName.get("pretraining-equal-fresh-vs-tmr");
    ReportTable discVs = byName.get("pretraining-equal-disc-vs-tmr");
    assertEquals("tmr", freshVs.baseline());
    assertEquals(fresh.reading(), freshVs.reading());
    assertEquals(disc.reading(), discVs.reading());
    assertEquals(-0.15, freshVs.cells().get("short").get("disc_auc").vsBaseline().delta(), 1e-12);
    assertEquals(-0.05, discVs.cells().get("long").get("disc_auc").vsBaseline().delta(), 1e-12);
    assertEquals(2, discVs.cells().get("long").get("disc_auc").vsBaseline().n());
    assertTrue(
        Files.readString(vs.dir().resolve("report.csv"))
            .lines()
            .anyMatch(l -> l.startsWith("pretraining-equal-disc-vs-tmr,long,disc_auc,2,")),
        "CSV rows of the added tables");
    assertTrue(
        Files.readString(vs.dir().resolve("report.md"))
            .contains("at equal discriminator examples against tmr"),
        "titled as a comparison against tmr");
    IllegalArgumentException unknown =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> Report.write(s.dir(), tmp.resolve("bad"), null, List.of("nope")));
    assertTrue(unknown.getMessage().contains("--against: the sweep has no arm 'nope'"));
  }

  @Test
  void everyOutputRecordsItsRunsAndCommits() throws Exception {
    SweepDirectory s = sweep(Evaluation.pretrainingOnly());
    // The last run was resumed at another commit: both are its provenance.
    Path resumed = s.trialDir(s.trials().get(5).id()).resolve("run/manifest.json");
    Files.writeString(
        resumed,
        Files.readString(resumed)
            .replace("\"status\"", "\"resumes\": [{\"gitCommit\": \"beef\"}], \"status\""));
    Report.Output o = Report.write(s.dir(), s.dir().resolve("report"));
    var prov = new ObjectMapper().readTree(o.dir().resolve("provenance.json").toFile());
    assertEquals(6, prov.path("runs").size());
    assertEquals("c0ffee", prov.path("runs").get(0).path("gitCommit").asText());
    assertEquals("c0ffee+beef", prov.path("runs").get(5).path("gitCommit").asText());
    List<String> ids = s.trials().stream().map(TrialSpec::id).sorted().toList();
    Path curve = o.dir().resolve("plots/curves-disc_loss-vs-fresh.png");
    Path ablation = o.dir().resolve("plots/ablation-pretraining-equal-fresh-disc_auc.png");
    for (Path png :
        List.of(
            curve, ablation, o.dir().resolve("plots/bars-pretraining-equal-disc-disc_auc.png"))) {
      assertTrue(Files.size(png) > 1000, png.toString());
      Map<String, String> p = ReportPlots.provenance(png);
      assertEquals("beef c0ffee", p.get(ReportPlots.KEY_COMMITS), png.toString());
      assertEquals(
          ids,
          List.of(p.get(ReportPlots.KEY_RUNS).split(" ")).stream().sorted().toList(),
          png.toString());
      assertEquals(s.dir().toAbsolutePath().toString(), p.get(ReportPlots.KEY_SOURCE));
    }
    assertTrue(prov.path("files").has("plots/curves-disc_loss-vs-fresh.png"));
    assertTrue(
        Files.readString(o.dir().resolve("report.csv"))
            .startsWith("# sweep r; run commits beef c0ffee;"));
    assertTrue(Files.readString(o.dir().resolve("report.md")).contains("| c0ffee+beef |"));
  }

  @Test
  void downstreamTableTakesTheMedianOverFinetuningSeedsAndAveragesGlue() throws Exception {
    Evaluation e = new Evaluation(List.of("rte", "mrpc"), "", List.of(1L, 2L, 3L), List.of());
    SweepDirectory s = sweep(e);
    for (TrialSpec t : s.trials()) {
      Path ft = Files.createDirectories(s.trialDir(t.id()).resolve("finetune"));
      double shift = t.arm().equals("every2") ? 1.0 : 0.0;
      Files.createDirectories(ft.resolve("rte"));
      Files.createDirectories(ft.resolve("mrpc"));
      Files.writeString(
          ft.resolve("rte/results.json"),
          String.format(
              Locale.ROOT,
              "{\"task\": \"RTE\", \"metrics\": {\"accuracy\": {\"values\": [%s, %s, 90.0]}}}",
              60 + shift + t.seed(),
              50.0));
      Files.writeString(
          ft.resolve("mrpc/results.json"),
          String.format(
              Locale.ROOT,
              "{\"task\": \"MRPC\", \"metrics\": {\"accuracy\": {\"values\": [70, 70, 70]}, \"f1\": {\"values\": [%s, %s, %s]}}}",
              80 + shift,
              80 + shift,
              80 + shift));
    }
    Report.Output o = Report.write(s.dir(), s.dir().resolve("report"));
    ReportTable d = o.tables().get(0);
    assertEquals("downstream", d.name());
    assertEquals(List.of("rte", "mrpc", "glue-avg"), d.columns());
    // RTE per run: median of (60 + seed, 50, 90) = 60 + seed; over seeds 1..3: 62.
    assertEquals(62.0, d.cells().get("base").get("rte").stats().median(), 1e-12);
    assertEquals(75.0, d.cells().get("base").get("mrpc").stats().median(), 1e-12);
    assertEquals((62.0 + 75.0) / 2, d.cells().get("base").get("glue-avg").stats().median(), 1e-12);
    assertEquals(1.0, d.cells().get("every2").get("rte").vsBaseline().delta(), 1e-12);
    assertEquals(0.5, d.cells().get("every2").get("mrpc").vsBaseline().delta(), 1e-12);
    assertTrue(Files.exists(o.dir().resolve("plots/bars-downstream-glue-avg.png")));
  }
}
