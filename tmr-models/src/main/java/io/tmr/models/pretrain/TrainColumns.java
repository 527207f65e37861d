package io.tmr.models.pretrain;

import io.tmr.models.electra.ElectraModel;
import java.util.Arrays;
import java.util.List;

/**
 * The metrics.csv columns every run logs, each declared once: a row is a {@code double[]} indexed
 * by {@link Column}, so a misspelt metric is a compile error, not a silent NaN. Values not set are
 * NaN.
 */
public final class TrainColumns {
  private TrainColumns() {}

  /** The columns, in file order. */
  public enum Column {
    STEP("step"),
    FRESH_SEQUENCES("fresh_sequences"),
    DISC_SEQUENCES("disc_sequences"),
    TOKENS("tokens"),
    LR("lr"),
    LOSS("loss"),
    MLM_LOSS("mlm_loss"),
    MLM_ACC("mlm_acc"),
    SAMPLED_ACC("sampled_acc"),
    DISC_LOSS("disc_loss"),
    DISC_LOSS_UNWEIGHTED("disc_loss_unweighted"),
    DISC_ACC("disc_acc"),
    DISC_PRECISION("disc_precision"),
    DISC_RECALL("disc_recall"),
    DISC_AUC("disc_auc"),
    REPLACED_FRAC("replaced_frac"),
    GRAD_NORM("grad_norm"),
    TOKENS_PER_S("tokens_per_s"),
    STEP_MS("step_ms"),
    GENERATOR_MS("generator_ms"),
    DISCRIMINATOR_MS("discriminator_ms"),
    FEED_MS("feed_ms"),
    OPTIMIZER_MS("optimizer_ms"),
    VAL_MLM_LOSS("val_mlm_loss"),
    VAL_MLM_ACC("val_mlm_acc"),
    VAL_SAMPLED_ACC("val_sampled_acc"),
    VAL_DISC_LOSS("val_disc_loss"),
    VAL_DISC_ACC("val_disc_acc"),
    VAL_DISC_PRECISION("val_disc_precision"),
    VAL_DISC_RECALL("val_disc_recall"),
    VAL_DISC_AUC("val_disc_auc"),
    VAL_REPLACED_FRAC("val_replaced_frac");

    final String csv;

    Column(String csv) {
      this.csv = csv;
    }
  }

  /** The column names, in file order. */
  public static final List<String> NAMES = Arrays.stream(Column.values()).map(c -> c.csv).toList();

  /** A row of NaNs. */
  static double[] empty() {
    double[] row = new double[Column.values().length];
    Arrays.fill(row, Double.NaN);
    return row;
  }

  static void set(double[] row, Column c, double value) {
    row[c.ordinal()] = value;
  }

  /** Writes a training step's values. */
  static void step(double[] row, TrainStep.Result r, int seqLength) {
    ElectraModel.GeneratorStats g = r.generator();
    if (g != null) {
      set(row, Column.MLM_LOSS, g.mlmLoss);
      set(row, Column.MLM_ACC, g.mlmCorrect / (double) g.predictions);
      set(row, Column.SAMPLED_ACC, g.sampledCorrect / (double) g.predictions);
    }
    ElectraModel.DiscriminatorStats d = r.disc();
    Validation.DiscMetrics m = Validation.DiscMetrics.of(d);
    set(row, Column.DISC_LOSS, m.loss());
    set(row, Column.DISC_LOSS_UNWEIGHTED, d.unweightedLoss);
    set(row, Column.DISC_ACC, m.acc());
    set(row, Column.DISC_PRECISION, m.precision());
    set(row, Column.DISC_RECALL, m.recall());
    set(row, Column.DISC_AUC, m.auc());
    set(row, Column.REPLACED_FRAC, m.replacedFrac());
    set(row, Column.LR, r.lr());
    set(row, Column.LOSS, r.loss());
    set(row, Column.GRAD_NORM, r.gradNorm());
    TrainStep.Times t = r.times();
    set(row, Column.TOKENS_PER_S, r.composition().rows() * (double) seqLength / (t.total() / 1e3));
    times(row, t);
  }

  static void times(double[] row, TrainStep.Times t) {
    set(row, Column.STEP_MS, t.total());
    set(row, Column.GENERATOR_MS, t.generator());
    set(row, Column.DISCRIMINATOR_MS, t.discriminator());
    set(row, Column.FEED_MS, t.feed());
    set(row, Column.OPTIMIZER_MS, t.optimizer());
  }

  /** Writes validation metrics into the {@code val_*} columns. */
  static void validation(double[] row, Validation.Metrics v) {
    set(row, Column.VAL_MLM_LOSS, v.mlmLoss());
    set(row, Column.VAL_MLM_ACC, v.mlmAcc());
    set(row, Column.VAL_SAMPLED_ACC, v.sampledAcc());
    set(row, Column.VAL_DISC_LOSS, v.discLoss());
    set(row, Column.VAL_DISC_ACC, v.discAcc());
    set(row, Column.VAL_DISC_PRECISION, v.discPrecision());
    set(row, Column.VAL_DISC_RECALL, v.discRecall());
    set(row, Column.VAL_DISC_AUC, v.discAuc());
    set(row, Column.VAL_REPLACED_FRAC, v.replacedFrac());
  }
}
