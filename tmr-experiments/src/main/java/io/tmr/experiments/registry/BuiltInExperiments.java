package io.tmr.experiments.registry;

import java.util.List;

/**
 * The experiments that ship with TMR: the paper's main comparison and one ablation per replay
 * design choice. Every ablation varies one option of the TMR trainer (loss-difference priorities,
 * prioritized sampling, half-fresh batches by default, see docs/tmr.md) and keeps the rest.
 */
public final class BuiltInExperiments implements ExperimentProvider {
  private static final String SOURCE = "built-in (" + BuiltInExperiments.class.getName() + ")";
  private static final String TMR = "trainer=tmr";

  /**
   * TMR at freshFraction 0.5 consumes half a batch of fresh examples per step: twice the steps for
   * ELECTRA's fresh examples.
   */
  private static final String LONG = "train.stepsMultiplier=2";

  @Override
  public List<Experiment> experiments() {
    return List.of(
        paperMain(),
        bufferSize(),
        strategy(),
        priorityRule(),
        replayRatio(),
        generatorInterval(),
        alpha());
  }

  static Experiment paperMain() {
    return new Experiment(
        "paper-main",
        2,
        "The paper's main table. TMR (replay.freshFraction 0.5: half of each discriminator batch fresh, every generated row "
            + "trained on fresh once, the rest replayed) runs twice the scale's steps, so it consumes as many fresh (generator) "
            + "examples as ELECTRA at the scale's steps ('electra': the paper's reading, equal fresh examples) and makes as many "
            + "discriminator updates as ELECTRA at twice the steps ('electra-long': equal updates). TMR arms: loss-difference and "
            + "gradient-norm priorities, uniform replay (alpha 0: the control for prioritisation), and generator amortisation (the "
            + "generator makes a full batch every second step instead of half a batch every step).",
        List.of(
            Arm.of(
                "electra",
                "ELECTRA at the scale's steps: as many fresh examples as every TMR arm",
                "trainer=electra"),
            Arm.of(
                "electra-long",
                "ELECTRA at twice the steps: as many discriminator updates as every TMR arm",
                "trainer=electra",
                LONG),
            Arm.of(
                "tmr-loss-diff",
                "TMR, priority |l - l_prev| (loss difference)",
                TMR,
                LONG,
                "replay.weight=loss-difference"),
            Arm.of(
                "tmr-grad-norm",
                "TMR, priority = per-example gradient norm (bound: norm of dLoss/dlogits)",
                TMR,
                LONG,
                "replay.weight=gradient-norm",
                "replay.gradientNorm=bound"),
            Arm.of(
                "tmr-uniform",
                "TMR, uniform replay (alpha 0): the same buffer and batches without prioritisation",
                TMR,
                LONG,
                "replay.alpha=0"),
            Arm.of(
                "tmr-amortised",
                "TMR, loss difference, generator every 2nd step making a full batch (each row fresh once)",
                TMR,
                LONG,
                "replay.weight=loss-difference",
                "replay.generatorInterval=2")),
        Scales.standardWithCpu(),
        new TableLayout("electra", TableLayout.defaultMetrics(), "", "electra-long"),
        SOURCE);
  }

  static Experiment bufferSize() {
    return ablation(
        "buffer-size",
        "Replay buffer capacity in sequences; 0 is plain ELECTRA (the baseline).",
        "replay.capacity",
        List.of("0", "256", "1024", "4096"),
        "0",
        "cap-");
  }

  static Experiment strategy() {
    return new Experiment(
        "strategy",
        1,
        "Which examples the discriminator replays: uniform, prioritized (proportional to weight^alpha) or reservoir (uniform over "
            + "everything ever inserted, Algorithm R). Baseline: uniform.",
        List.of(
            Arm.of("uniform", "uniform sampling, FIFO eviction", TMR, "replay.strategy=uniform"),
            Arm.of(
                "prioritized",
                "proportional prioritized sampling (sum tree), FIFO eviction",
                TMR,
                "replay.strategy=prioritized"),
            Arm.of(
                "reservoir",
                "reservoir storage (Algorithm R), uniform sampling",
                TMR,
                "replay.strategy=reservoir")),
        Scales.standard(),
        new TableLayout("uniform", TableLayout.defaultMetrics(), ""),
        SOURCE);
  }

  static Experiment priorityRule() {
    return new Experiment(
        "priority-rule",
        1,
        "The per-example weight of prioritized replay: loss difference (default), gradient norm (bound and exact), plain loss. "
            + "Baseline: loss difference.",
        List.of(
            Arm.of("loss-diff", "|l - l_prev| + eps", TMR, "replay.weight=loss-difference"),
            Arm.of(
                "grad-norm",
                "norm of dLoss/dlogits + eps (bound)",
                TMR,
                "replay.weight=gradient-norm",
                "replay.gradientNorm=bound"),
            Arm.of(
                "grad-norm-exact",
                "norm of the full parameter gradient + eps (one backward per replayed example)",
                TMR,
                "replay.weight=gradient-norm",
                "replay.gradientNorm=exact"),
            Arm.of("loss", "l + eps (PER-style)", TMR, "replay.weight=loss")),
        Scales.standard(),
        new TableLayout("loss-diff", TableLayout.defaultMetrics(), ""),
        SOURCE);
  }

  static Experiment replayRatio() {
    return ablation(
        "replay-ratio",
        "Share of each discriminator batch that is fresh generator output (replay.freshFraction); 1 is the "
            + "ELECTRA baseline, lower values replay more.",
        "replay.freshFraction",
        List.of("1.0", "0.75", "0.5", "0.25"),
        "1.0",
        "fresh-");
  }

  static Experiment generatorInterval() {
    return ablation(
        "generator-interval",
        "The generator runs every k discriminator steps (amortisation); k = 1 is the baseline. At equal "
            + "steps, k > 1 consumes 1/k of the fresh examples: read the table at equal discriminator examples.",
        "replay.generatorInterval",
        List.of("1", "2", "4"),
        "1",
        "k");
  }

  static Experiment alpha() {
    return ablation(
        "alpha",
        "Priority exponent alpha of P(i) = w_i^alpha / sum w^alpha; 0 is uniform sampling (the baseline).",
        "replay.alpha",
        List.of("0", "0.3", "0.6", "1.0"),
        "0",
        "alpha-");
  }

  /** One TMR arm per value of {@code key}; the baseline is the arm of {@code baseline}. */
  static Experiment ablation(
      String name,
      String description,
      String key,
      List<String> values,
      String baseline,
      String prefix) {
    List<Arm> arms =
        values.stream().map(v -> Arm.of(prefix + v, key + " = " + v, TMR, key + "=" + v)).toList();
    return new Experiment(
        name,
        1,
        description,
        arms,
        Scales.standard(),
        new TableLayout(prefix + baseline, TableLayout.defaultMetrics(), key),
        SOURCE);
  }
}
