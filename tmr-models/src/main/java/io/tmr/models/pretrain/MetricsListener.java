package io.tmr.models.pretrain;

import io.tmr.core.run.MetricsLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a metrics.csv row every {@code log.every} steps, at the last step, after an evaluation and
 * before a stop: the {@link TrainColumns} of the step, the validation metrics when they were
 * measured, and the feed's own columns.
 */
final class MetricsListener implements TrainingListener {
  private final MetricsLog log;
  private final DiscriminatorFeed feed;
  private final int every;
  private final int seqLength;

  MetricsListener(MetricsLog log, DiscriminatorFeed feed, int every, int seqLength) {
    this.log = log;
    this.feed = feed;
    this.every = every;
    this.seqLength = seqLength;
  }

  /** Every column of a run with {@code feed}. */
  static List<String> columns(DiscriminatorFeed feed) {
    List<String> columns = new ArrayList<>(TrainColumns.NAMES);
    columns.addAll(feed.metricColumns());
    return columns;
  }

  /** Whether the step's discriminator should keep per-token probabilities (for the logged AUC). */
  boolean logs(long step, boolean last) {
    return step % every == 0 || last;
  }

  /** The row of a new run's step 0: its evaluation and counters, no step. */
  void logStart(Validation.Metrics evaluation) throws IOException {
    double[] row = TrainColumns.empty();
    TrainColumns.set(row, TrainColumns.Column.STEP, 0);
    TrainColumns.set(row, TrainColumns.Column.FRESH_SEQUENCES, 0);
    TrainColumns.set(row, TrainColumns.Column.DISC_SEQUENCES, 0);
    TrainColumns.set(row, TrainColumns.Column.TOKENS, 0);
    TrainColumns.times(row, TrainStep.Times.NONE);
    if (evaluation != null) {
      TrainColumns.validation(row, evaluation);
    }
    write(row);
  }

  @Override
  public void stepDone(StepEvent e) throws IOException {
    if (!logs(e.step(), e.last()) && e.evaluation() == null && !e.stopping()) {
      return;
    }
    double[] row = TrainColumns.empty();
    RunCounters c = e.counters();
    TrainColumns.set(row, TrainColumns.Column.STEP, e.step());
    TrainColumns.set(row, TrainColumns.Column.FRESH_SEQUENCES, c.freshSequences());
    TrainColumns.set(row, TrainColumns.Column.DISC_SEQUENCES, c.discSequences());
    TrainColumns.set(row, TrainColumns.Column.TOKENS, c.tokens());
    TrainColumns.step(row, e.result(), seqLength);
    if (e.evaluation() != null) {
      TrainColumns.validation(row, e.evaluation());
    }
    write(row);
  }

  private void write(double[] base) throws IOException {
    double[] extra = feed.metricValues();
    double[] row = new double[base.length + extra.length];
    System.arraycopy(base, 0, row, 0, base.length);
    System.arraycopy(extra, 0, row, base.length, extra.length);
    log.log(row);
  }
}
