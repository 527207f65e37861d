package io.tmr.experiments.registry;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * How an experiment's report is laid out: rows are arms in declaration order, the baseline arm that
 * every other row is compared with, the pretraining metrics shown (validation metrics of the run,
 * e.g. {@code disc_auc}), and for ablations the config key whose numeric value is the x axis of the
 * ablation curve.
 *
 * @param baselineArm the arm the differences and significance tests are against
 * @param pretrainingMetrics validation metric names from the pretraining manifest ({@code
 *     disc_auc}, ...)
 * @param ablationKey config key varied by the arms ({@code replay.capacity}); {@code ""} for none
 * @param updatesBaseline the arm of the equal-discriminator-examples reading when it is not {@code
 *     baselineArm} (paper-main: ELECTRA at twice the steps, as many updates as TMR): that reading's
 *     budget is this arm's and its differences are against it, and the downstream table is repeated
 *     against it; {@code ""}: the budget every run reached, against the baseline
 */
public record TableLayout(
    String baselineArm,
    List<String> pretrainingMetrics,
    String ablationKey,
    String updatesBaseline) {
  /**
   * Validation metrics of a pretraining run that reports may show, with whether higher is better.
   */
  public static final List<String> KNOWN_METRICS =
      List.of("disc_auc", "disc_loss", "disc_acc", "mlm_acc", "mlm_loss", "sampled_acc");

  public TableLayout {
    Preconditions.checkArgument(
        baselineArm != null && !baselineArm.isEmpty(), "a table needs a baseline arm");
    pretrainingMetrics = List.copyOf(pretrainingMetrics);
    for (String m : pretrainingMetrics) {
      Preconditions.checkArgument(
          KNOWN_METRICS.contains(m),
          "unknown pretraining metric '%s'; known: %s",
          m,
          KNOWN_METRICS);
    }
    ablationKey = ablationKey == null ? "" : ablationKey;
    updatesBaseline = updatesBaseline == null ? "" : updatesBaseline;
  }

  public TableLayout(String baselineArm, List<String> pretrainingMetrics, String ablationKey) {
    this(baselineArm, pretrainingMetrics, ablationKey, "");
  }

  /** This layout with another arm for the equal-updates reading. */
  public TableLayout withUpdatesBaseline(String arm) {
    return new TableLayout(baselineArm, pretrainingMetrics, ablationKey, arm);
  }

  /** The default pretraining columns: validation RTD AUC, RTD loss and generator MLM accuracy. */
  public static List<String> defaultMetrics() {
    return List.of("disc_auc", "disc_loss", "mlm_acc");
  }

  /** Whether a larger value of the metric is better (losses are the exception). */
  public static boolean higherIsBetter(String metric) {
    return !metric.endsWith("loss");
  }
}
