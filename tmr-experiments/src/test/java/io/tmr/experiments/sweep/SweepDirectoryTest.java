package io.tmr.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.experiments.registry.Evaluation;
import io.tmr.experiments.registry.TableLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepDirectoryTest {
  @TempDir Path tmp;

  static SweepDefinition def(List<String> base, String grid, List<Long> seeds, Evaluation e) {
    return new SweepDefinition(
        "s",
        "",
        0,
        "",
        base,
        List.of(Axis.grid(grid)),
        seeds,
        e,
        new TableLayout("capacity=0", TableLayout.defaultMetrics(), ""));
  }

  /** A pretraining manifest with {@code status}, as the trainer writes it. */
  static void fakeRun(Path trialDir, String status) throws Exception {
    Path run = Files.createDirectories(trialDir.resolve("run"));
    Files.writeString(
        run.resolve("manifest.json"),
        "{\"status\": \"" + status + "\", \"gitCommit\": \"abc\", \"results\": {}}\n");
  }

  @Test
  void createsOneFolderPerTrialWithItsSettings() throws Exception {
    SweepDefinition d =
        def(
            List.of("train.steps=10"),
            "replay.capacity=0,64",
            List.of(1L, 2L),
            Evaluation.pretrainingOnly());
    SweepDirectory s = SweepDirectory.open(tmp, d);
    assertEquals(4, s.trials().size());
    for (TrialSpec t : s.trials()) {
      SweepDirectory.TrialFile tf = SweepDirectory.readTrial(s.trialDir(t.id()));
      assertEquals(t, tf.trial());
      assertEquals("s", tf.sweep());
      assertEquals(TrialState.Stage.NEW, s.state(t).stage());
    }
    assertEquals(d, SweepDirectory.read(tmp).definition());
  }

  @Test
  void reopeningWithMoreSeedsOrValuesAddsTrials() throws Exception {
    SweepDirectory.open(
        tmp,
        def(
            List.of("train.steps=10"),
            "replay.capacity=0,64",
            List.of(1L),
            Evaluation.pretrainingOnly()));
    SweepDirectory s =
        SweepDirectory.open(
            tmp,
            def(
                List.of("train.steps=10"),
                "replay.capacity=0,64,256",
                List.of(1L, 2L),
                Evaluation.pretrainingOnly()));
    assertEquals(6, s.trials().size());
    try (var l = Files.list(tmp.resolve("trials"))) {
      assertEquals(6, l.count());
    }
  }

  @Test
  void changingSharedSettingsIsRefusedWithTheDifference() throws Exception {
    SweepDirectory.open(
        tmp,
        def(
            List.of("train.steps=10"),
            "replay.capacity=0,64",
            List.of(1L),
            Evaluation.pretrainingOnly()));
    SweepConflictException e =
        assertThrows(
            SweepConflictException.class,
            () ->
                SweepDirectory.open(
                    tmp,
                    def(
                        List.of("train.steps=20"),
                        "replay.capacity=0,64",
                        List.of(1L),
                        Evaluation.pretrainingOnly())));
    assertTrue(
        e.getMessage().contains("train.steps: 10 -> 20")
            && e.getMessage().contains("another --dir"),
        e.getMessage());
    Evaluation glue = new Evaluation(List.of("rte"), "", List.of(1L), List.of());
    e =
        assertThrows(
            SweepConflictException.class,
            () ->
                SweepDirectory.open(
                    tmp,
                    def(List.of("train.steps=10"), "replay.capacity=0,64", List.of(1L), glue)));
    assertTrue(e.getMessage().contains("evaluation changed"), e.getMessage());
    e =
        assertThrows(
            SweepConflictException.class,
            () ->
                SweepDirectory.open(
                    tmp,
                    def(
                        List.of("train.steps=10"),
                        "replay.alpha=0.1",
                        List.of(1L),
                        Evaluation.pretrainingOnly())));
    assertTrue(e.getMessage().contains("axes changed"), e.getMessage());
    // The refused attempts left the folder as it was.
    assertEquals(List.of("train.steps=10"), SweepDirectory.read(tmp).definition().base());
  }

  @Test
  void aLevelThatChangesMeaningUnderTheSameLabelIsRefused() throws Exception {
    SweepDefinition a =
        new SweepDefinition(
            "s",
            "",
            0,
            "",
            List.of(),
            List.of(new Axis("arm", List.of(new Level("big", List.of("replay.capacity=4096"))))),
            List.of(1L),
            Evaluation.pretrainingOnly(),
            new TableLayout("big", TableLayout.defaultMetrics(), ""));
    SweepDefinition b =
        new SweepDefinition(
            "s",
            "",
            0,
            "",
            List.of(),
            List.of(new Axis("arm", List.of(new Level("big", List.of("replay.capacity=8192"))))),
            List.of(1L),
            Evaluation.pretrainingOnly(),
            new TableLayout("big", TableLayout.defaultMetrics(), ""));
    SweepDirectory.open(tmp, a);
    SweepConflictException e =
        assertThrows(SweepConflictException.class, () -> SweepDirectory.open(tmp, b));
    assertTrue(
        e.getMessage().contains("value 'big'") && e.getMessage().contains("8192"), e.getMessage());
  }

  @Test
  void statesFollowTheRunAndTheEvaluation() throws Exception {
    Evaluation glue = new Evaluation(List.of("rte"), "", List.of(1L), List.of());
    SweepDirectory s =
        SweepDirectory.open(tmp, def(List.of(), "replay.capacity=0", List.of(1L), glue));
    TrialSpec t = s.trials().get(0);
    Path td = s.trialDir(t.id());
    assertEquals(TrialState.Stage.NEW, s.state(t).stage());
    fakeRun(td, "running");
    assertEquals(TrialState.Stage.PARTIAL, s.state(t).stage());
    fakeRun(td, "failed: out of memory");
    assertEquals(TrialState.Stage.PARTIAL, s.state(t).stage());
    fakeRun(td, "completed");
    assertEquals(TrialState.Stage.PRETRAINED, s.state(t).stage());
    Files.createDirectories(td.resolve("finetune/rte"));
    Files.writeString(
        td.resolve("finetune/rte/results.json"),
        "{\"task\": \"RTE\", \"metrics\": {\"accuracy\": {\"values\": [61.0]}}}");
    assertEquals(TrialState.Stage.DONE, s.state(t).stage());
    fakeRun(td, "stopped: time budget of 60 s reached at step 7");
    assertTrue(s.state(t).finished());
  }

  @Test
  void eventsAreAppendedAndReadBack() throws Exception {
    SweepDirectory s =
        SweepDirectory.open(
            tmp, def(List.of(), "replay.capacity=0", List.of(1L), Evaluation.pretrainingOnly()));
    s.event("a", "started", "w1");
    s.event("a", "failed", "boom");
    Files.writeString(
        tmp.resolve(SweepDirectory.EVENTS), "{\"torn", java.nio.file.StandardOpenOption.APPEND);
    s.event("b", "completed", "");
    List<String> seen =
        s.events().stream()
            .map(n -> n.path("trial").asText() + ":" + n.path("event").asText())
            .toList();
    assertEquals(List.of("a:started", "a:failed"), seen.subList(0, 2));
    assertEquals(
        2, seen.size(), "the torn line swallows the next append on the same line: " + seen);
  }
}
