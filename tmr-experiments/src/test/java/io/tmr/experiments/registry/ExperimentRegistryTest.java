package io.tmr.experiments.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentRegistryTest {
  @TempDir Path tmp;

  @Test
  void builtInsAreFoundThroughTheServiceLoaderAndValid() throws Exception {
    ExperimentRegistry r = ExperimentRegistry.load(List.of(tmp));
    assertEquals(
        List.of(
            "paper-main",
            "buffer-size",
            "strategy",
            "priority-rule",
            "replay-ratio",
            "generator-interval",
            "alpha"),
        r.all().stream().map(Experiment::name).toList());
    Experiment main = r.get("paper-main");
    assertEquals(
        List.of(
            "electra",
            "electra-long",
            "tmr-loss-diff",
            "tmr-grad-norm",
            "tmr-uniform",
            "tmr-amortised"),
        main.arms().stream().map(Arm::name).toList());
    assertEquals("electra", main.table().baselineArm());
    assertEquals(
        List.of(
            "trainer=tmr",
            "train.stepsMultiplier=2",
            "replay.weight=gradient-norm",
            "replay.gradientNorm=bound"),
        main.arm("tmr-grad-norm").overrides());
    assertEquals(
        List.of("smoke", "laptop", "cpu", "paper"),
        main.scales().stream().map(Scale::name).toList());
    assertTrue(main.scale("cpu").overrides().contains("data.seqLength=128"));
    for (Experiment e : r.all()) {
      if (e != main) {
        assertEquals(
            List.of("smoke", "laptop", "paper"),
            e.scales().stream().map(Scale::name).toList(),
            e.name());
      }
      assertTrue(e.scale("paper").overrides().contains("model.preset=small"), e.name());
    }
    assertEquals("replay.capacity", r.get("buffer-size").table().ablationKey());
    assertEquals(
        List.of("0", "256", "1024", "4096"),
        r.get("buffer-size").arms().stream()
            .map(a -> Overrides.resolve(a.overrides()).get("replay.capacity"))
            .toList());
  }

  @Test
  void unknownNameSuggestsTheNearest() throws Exception {
    ExperimentRegistry r = ExperimentRegistry.load(List.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> r.get("paper-mian"));
    assertTrue(e.getMessage().contains("did you mean 'paper-main'"), e.getMessage());
  }

  @Test
  void yamlExperimentIsLoadedWithItsArmsScalesAndTable() throws Exception {
    Files.writeString(
        tmp.resolve("mine.yaml"),
        """
        name: my-buffers
        version: 2
        description: two buffer sizes
        arms:
          - name: small
            set: {trainer: tmr, replay.capacity: 512}
          - name: big
            description: a big one
            set: [trainer=tmr, replay.capacity=8192]
        scales:
          quick:
            description: fast
            set: {train.steps: 20, model.hidden: 32}
            seeds: [3, 4]
            evaluation: {glue: [rte], finetuneSeeds: [1, 2]}
        table:
          baseline: small
          metrics: [disc_auc]
          ablationKey: replay.capacity
        """);
    ExperimentRegistry r = ExperimentRegistry.load(List.of(tmp));
    Experiment e = r.get("my-buffers");
    assertEquals(2, e.version());
    assertEquals(List.of("trainer=tmr", "replay.capacity=8192"), e.arm("big").overrides());
    assertEquals(List.of("trainer=tmr", "replay.capacity=512"), e.arm("small").overrides());
    Scale quick = e.scale("quick");
    assertEquals(List.of(3L, 4L), quick.seeds());
    assertEquals(List.of("train.steps=20", "model.hidden=32"), quick.overrides());
    assertEquals(List.of("rte"), quick.evaluation().glueTasks());
    assertEquals(List.of(1L, 2L), quick.evaluation().finetuneSeeds());
    assertEquals(List.of("disc_auc"), e.table().pretrainingMetrics());
    assertTrue(e.source().endsWith("mine.yaml"));
  }

  @Test
  void yamlWithAnUnknownFieldFailsNamingTheFileAndField() throws Exception {
    Path f = tmp.resolve("bad.yaml");
    Files.writeString(
        f, "name: x\narms: [{name: a, sett: {trainer: tmr}}]\ntable: {baseline: a}\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> YamlExperiments.load(f));
    assertTrue(
        e.getMessage().contains("bad.yaml") && e.getMessage().contains("'sett'"), e.getMessage());
  }

  @Test
  void anUnknownOptionInAnArmFailsAtLoadNamingTheNearestOption() throws Exception {
    Files.writeString(
        tmp.resolve("typo.yaml"),
        "name: typo\narms: [{name: a, set: {replay.capacty: 5}}]\ntable: {baseline: a}\n");
    ExperimentRegistry r = ExperimentRegistry.load(List.of(tmp));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("typo"));
    assertTrue(
        e.getMessage().contains("typo.yaml")
            && e.getMessage().contains("replay.capacty")
            && e.getMessage().contains("replay.capacity"),
        e.getMessage());
  }

  @Test
  void twoExperimentsWithOneNameAreRefused() throws Exception {
    Files.writeString(
        tmp.resolve("dup.yaml"),
        "name: alpha\narms: [{name: a, set: {trainer: tmr}}]\ntable: {baseline: a}\n");
    ExperimentRegistry r = ExperimentRegistry.load(List.of(tmp));
    assertEquals(1, r.problems().size());
    String m = r.problems().get(0).message();
    assertTrue(m.contains("two experiments are named 'alpha'") && m.contains("dup.yaml"), m);
    // The built-in alpha stays.
    assertTrue(
        r.get("alpha").source().contains("built-in")
            || !r.get("alpha").source().contains("dup.yaml"));
  }

  @Test
  void oneBadFileDoesNotBlockTheOthersAndAskingForItGivesItsError() throws Exception {
    String good = "name: good\narms: [{name: a, set: {trainer: tmr}}]\ntable: {baseline: a}\n";
    Files.writeString(tmp.resolve("a-good.yaml"), good);
    Files.writeString(tmp.resolve("b-broken.yaml"), "name: broken\narms: [\n");
    Files.writeString(
        tmp.resolve("c-value.yaml"),
        "name: value\narms: [{name: a, set: {replay.capacity: -1}}]\ntable: {baseline: a}\n");
    Files.writeString(
        tmp.resolve("d-twice.yaml"),
        "name: twice\narms: [{name: a, set: {trainer: tmr}}]\narms: []\ntable: {baseline: a}\n");
    ExperimentRegistry r = ExperimentRegistry.load(List.of(tmp));
    assertEquals("good", r.get("good").name());
    assertEquals(
        List.of("b-broken", "value", "d-twice"),
        r.problems().stream().map(ExperimentRegistry.Problem::name).toList());
    String syntax = r.problems().get(0).message();
    assertTrue(syntax.startsWith(tmp.resolve("b-broken.yaml") + ": not valid YAML: line "), syntax);
    IllegalArgumentException value =
        assertThrows(IllegalArgumentException.class, () -> r.get("value"));
    assertTrue(
        value.getMessage().contains("c-value.yaml")
            && value.getMessage().contains("replay.capacity")
            && value.getMessage().contains("-1"),
        value.getMessage());
    String twice = r.problems().get(2).message();
    assertTrue(
        twice.contains("d-twice.yaml") && twice.contains("arms") && twice.contains("line 3"),
        twice);
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> r.get("nothing-like-it"));
    assertTrue(missing.getMessage().contains("b-broken.yaml"), missing.getMessage());
  }

  @Test
  void baselineMustBeAnArm() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Experiment(
                    "x",
                    1,
                    "",
                    List.of(Arm.of("a", "")),
                    Scales.standard(),
                    new TableLayout("b", TableLayout.defaultMetrics(), ""),
                    "test"));
    assertTrue(e.getMessage().contains("baseline arm 'b'"), e.getMessage());
  }
}
