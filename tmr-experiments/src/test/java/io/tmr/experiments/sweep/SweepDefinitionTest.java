package io.tmr.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.experiments.registry.Evaluation;
import io.tmr.experiments.registry.ExperimentRegistry;
import io.tmr.experiments.registry.TableLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepDefinitionTest {
  static SweepDefinition adHoc(List<String> base, List<Axis> axes, List<Long> seeds) {
    return new SweepDefinition(
        "t",
        "",
        0,
        "",
        base,
        axes,
        seeds,
        Evaluation.pretrainingOnly(),
        new TableLayout("x", TableLayout.defaultMetrics(), ""));
  }

  @Test
  void gridAxesMultiplyAndSeedsAreTheirOwnAxis() {
    SweepDefinition d =
        adHoc(
            List.of("train.steps=10"),
            List.of(Axis.grid("replay.capacity=0,512"), Axis.grid("replay.alpha=0.3,0.6,1")),
            List.of(1L, 2L));
    List<TrialSpec> t = d.trials();
    assertEquals(12, t.size());
    assertEquals(List.of("capacity=0", "alpha=0.3"), t.get(0).labels());
    assertEquals(List.of("capacity=0", "alpha=0.3"), t.get(1).labels());
    assertEquals(List.of(1L, 2L), List.of(t.get(0).seed(), t.get(1).seed()));
    // Seeds share the config id; only the suffix differs.
    assertEquals(t.get(0).configId(), t.get(1).configId());
    assertEquals(t.get(0).configId() + "-s1", t.get(0).id());
    assertEquals(
        List.of("replay.alpha=0.3", "replay.capacity=0", "train.steps=10"), t.get(0).overrides());
    assertEquals(6, d.arms().size());
  }

  @Test
  void zippedKeysMoveTogether() {
    SweepDefinition d =
        adHoc(
            List.of(),
            List.of(Axis.zip(List.of("replay.capacity=256,1024", "replay.alpha=0.3,0.9"))),
            List.of(1L));
    List<TrialSpec> t = d.trials();
    assertEquals(2, t.size());
    assertEquals(List.of("replay.alpha=0.9", "replay.capacity=1024"), t.get(1).overrides());
    assertEquals("capacity=1024,alpha=0.9", t.get(1).arm());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Axis.zip(List.of("a.b=1,2", "c.d=1")));
    assertTrue(e.getMessage().contains("equal lengths"), e.getMessage());
  }

  @Test
  void idsAreDerivedFromTheEffectiveOverridesOnly() {
    String a = TrialIds.configId(List.of("x"), List.of("replay.alpha=0.3", "train.steps=10"));
    String b = TrialIds.configId(List.of("x"), List.of("train.steps=10", "replay.alpha=0.3"));
    String c =
        TrialIds.configId(
            List.of("x"), List.of("train.steps=5", "train.steps=10", "replay.alpha=0.3"));
    String d = TrialIds.configId(List.of("x"), List.of("train.steps=11", "replay.alpha=0.3"));
    assertEquals(a, b);
    assertEquals(a, c);
    assertNotEquals(a, d);
    assertTrue(a.matches("x-[0-9a-f]{10}"), a);
    // The same definition gives the same ids on every expansion (and machine: SHA-256 of text).
    SweepDefinition def =
        adHoc(List.of(), List.of(Axis.grid("replay.capacity=0,512")), List.of(7L));
    assertEquals(def.trials(), def.trials());
    assertEquals(
        "capacity-0-"
            + TrialIds.configId(List.of(), List.of("replay.capacity=0")).substring(0, 10)
            + "-s7",
        def.trials().get(0).id());
  }

  @Test
  void seedsCannotHideInOverrides() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                adHoc(List.of("run.seed=3"), List.of(Axis.grid("replay.capacity=0")), List.of(1L)));
    assertTrue(e.getMessage().contains("--seeds"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> adHoc(List.of(), List.of(Axis.grid("run.seed=1,2")), List.of(1L)));
  }

  @Test
  void levelsWithIdenticalSettingsAreRefused() {
    SweepDefinition d =
        adHoc(
            List.of("replay.capacity=0"),
            List.of(
                new Axis(
                    "arm",
                    List.of(
                        new Level("a", List.of()), new Level("b", List.of("replay.capacity=0"))))),
            List.of(1L));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, d::trials);
    assertTrue(e.getMessage().contains("identical settings"), e.getMessage());
  }

  @Test
  void experimentSweepUsesArmsScaleBudgetAndSeeds() throws Exception {
    var e = ExperimentRegistry.load(List.of()).get("paper-main");
    SweepDefinition d = SweepDefinition.of(e, e.scale("smoke"), List.of("train.steps=12"));
    assertEquals("paper-main-smoke", d.name());
    assertEquals(12, d.trials().size());
    assertEquals(
        List.of(
            "electra",
            "electra-long",
            "tmr-loss-diff",
            "tmr-grad-norm",
            "tmr-uniform",
            "tmr-amortised"),
        d.arms());
    TrialSpec t = d.trials().get(4);
    assertEquals("tmr-loss-diff", t.arm());
    assertTrue(
        t.overrides().contains("train.steps=12") && !t.overrides().contains("train.steps=40"),
        t.overrides().toString());
    assertTrue(t.overrides().contains("replay.weight=loss-difference"));
    d.validate();
    SweepDefinition typo = SweepDefinition.of(e, e.scale("smoke"), List.of("train.stpes=12"));
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, typo::validate);
    assertTrue(ex.getMessage().contains("train.steps"), ex.getMessage());
  }
}
