package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.experiments.sweep.SweepDirectory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
  @TempDir Path tmp;

  @Test
  void seedsAcceptListsAndRanges() {
    assertEquals(List.of(1L, 2L, 3L, 7L), SweepCommand.parseSeeds("1..3, 7"));
    assertThrows(IllegalArgumentException.class, () -> SweepCommand.parseSeeds("3..1"));
  }

  @Test
  void experimentsListAndShow() {
    String[] r = TestCli.run("experiments", "list");
    assertEquals("0", r[0], r[2]);
    for (String name :
        List.of(
            "paper-main",
            "buffer-size",
            "strategy",
            "priority-rule",
            "replay-ratio",
            "generator-interval",
            "alpha")) {
      assertTrue(r[1].contains(name), name);
    }
    r = TestCli.run("experiments", "show", "replay-ratio");
    assertEquals("0", r[0], r[2]);
    assertTrue(
        r[1].contains("| fresh-1.0 (baseline) | `trainer=tmr replay.freshFraction=1.0` |"), r[1]);
    assertTrue(r[1].contains("tmr sweep --experiment replay-ratio --scale laptop"), r[1]);
    r = TestCli.run("experiments", "show", "nope");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("no experiment named 'nope'"), r[2]);
  }

  @Test
  void dryRunCreatesTheSweepFolderAndListsTrials() throws Exception {
    Path dir = tmp.resolve("s");
    String[] r =
        TestCli.run(
            "sweep",
            "--experiment",
            "paper-main",
            "--scale",
            "smoke",
            "--seeds",
            "1..3",
            "--dir",
            dir.toString(),
            "--dry-run");
    assertEquals("0", r[0], r[2]);
    assertEquals(18, r[1].lines().filter(l -> l.contains(" NEW")).count(), r[1]);
    assertEquals(List.of(1L, 2L, 3L), SweepDirectory.read(dir).definition().seeds());
    // Same sweep with another budget: refused, naming the change.
    r =
        TestCli.run(
            "sweep",
            "--experiment",
            "paper-main",
            "--scale",
            "smoke",
            "--seeds",
            "1..3",
            "--set",
            "train.steps=7",
            "--dir",
            dir.toString(),
            "--dry-run");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("train.steps: 40 -> 7"), r[2]);
  }

  @Test
  void evaluatedArmsMayGrowButNotShrink() throws Exception {
    Path dir = tmp.resolve("arms");
    String[] r =
        TestCli.run(
            "sweep",
            "--experiment",
            "paper-main",
            "--scale",
            "laptop",
            "--seeds",
            "1",
            "--evaluate-arms",
            "electra",
            "--dir",
            dir.toString(),
            "--dry-run");
    assertEquals("0", r[0], r[2]);
    SweepDirectory sweep = SweepDirectory.read(dir);
    assertEquals(List.of("electra"), sweep.definition().evaluation().arms());
    for (var t : sweep.trials()) {
      var evaluation = SweepDirectory.readTrial(sweep.trialDir(t.id())).evaluation();
      assertEquals(t.arm().equals("electra"), evaluation.finetunes(), t.arm());
    }
    r =
        TestCli.run(
            "sweep",
            "--experiment",
            "paper-main",
            "--scale",
            "laptop",
            "--seeds",
            "1",
            "--evaluate-arms",
            "electra,tmr-loss-diff",
            "--dir",
            dir.toString(),
            "--dry-run");
    assertEquals("0", r[0], "adding an arm is growth: " + r[2]);
    sweep = SweepDirectory.read(dir);
    for (var t : sweep.trials()) {
      var evaluation = SweepDirectory.readTrial(sweep.trialDir(t.id())).evaluation();
      assertEquals(
          t.arm().equals("electra") || t.arm().equals("tmr-loss-diff"),
          evaluation.finetunes(),
          t.arm());
    }
    r =
        TestCli.run(
            "sweep",
            "--experiment",
            "paper-main",
            "--scale",
            "laptop",
            "--seeds",
            "1",
            "--evaluate-arms",
            "tmr-loss-diff",
            "--dir",
            dir.toString(),
            "--dry-run");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("the evaluation changed"), r[2]);
    r =
        TestCli.run(
            "sweep",
            "--experiment",
            "paper-main",
            "--scale",
            "laptop",
            "--evaluate-arms",
            "electra,nope",
            "--dry-run");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("no arm 'nope'"), r[2]);
  }

  @Test
  void adHocGridNeedsANameAndRejectsMixingWithAnExperiment() {
    String[] r =
        TestCli.run(
            "sweep",
            "--grid",
            "replay.alpha=0,1",
            "--dir",
            tmp.resolve("a").toString(),
            "--dry-run");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("--name"), r[2]);
    r = TestCli.run("sweep", "--experiment", "alpha", "--grid", "replay.alpha=0,1", "--dry-run");
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("ad-hoc"), r[2]);
    r =
        TestCli.run(
            "sweep",
            "--name",
            "g",
            "--grid",
            "replay.alpha=0,1",
            "--zip",
            "replay.capacity=64,128",
            "--zip",
            "train.steps=5,6",
            "--seeds",
            "4",
            "--dir",
            tmp.resolve("g").toString(),
            "--dry-run");
    assertEquals("0", r[0], r[2]);
    assertTrue(
        r[1].contains("alpha=0, capacity=64,steps=5")
            && r[1].contains("alpha=1, capacity=128,steps=6"),
        r[1]);
  }

  @Test
  void newCommandsHaveHelp() {
    for (String[] cmd :
        new String[][] {
          {"sweep", "--help"},
          {"sweep", "trial", "--help"},
          {"report", "--help"},
          {"reproduce", "--help"},
          {"experiments", "--help"}
        }) {
      String[] r = TestCli.run(cmd);
      assertEquals("0", r[0], String.join(" ", cmd));
      assertTrue(r[1].contains("Usage:"), String.join(" ", cmd));
    }
  }
}
