package io.tmr.models.tmr;

import io.tmr.replay.ItemSnapshot;
import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.ReplayStats;
import io.tmr.replay.SampleBatch;
import io.tmr.replay.SamplingDistribution;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The replay feed's accounting: what each discriminator batch was made of, and whether sampling is
 * prioritised at all. One row of {@link Column} values per logged step of metrics.csv.
 *
 * <p>Cumulative counters are part of the feed's checkpoint (a resumed run logs the same values);
 * the millisecond totals are timings and restart at 0 after a resume.
 */
final class ReplayMetrics {

  /** The metrics.csv columns the replay feed adds, in order. */
  enum Column {
    BUFFER_SIZE("buffer_size"),
    FRESH_ROWS_STEP("fresh_rows_step"),
    REPLAYED_ROWS_STEP("replayed_rows_step"),
    FRESH_ROWS_TOTAL("fresh_rows_total"),
    /** Rows drawn from the buffer: first uses plus re-uses. */
    REPLAYED_ROWS_TOTAL("replayed_rows_total"),
    /**
     * Drawn rows whose item had never been trained on (only possible with
     * replay.generatorRows=batch).
     */
    FIRST_USE_ROWS_TOTAL("first_use_rows_total"),
    /** Drawn rows whose item had been trained on before: true replays. */
    REUSED_ROWS_TOTAL("reused_rows_total"),
    DRAWS_FIRST_USE_FRAC("draws_first_use_frac"),
    REPLAYS_0("replays_0"),
    REPLAYS_1("replays_1"),
    REPLAYS_2("replays_2"),
    REPLAYS_3PLUS("replays_3plus"),
    ENTRY_PRIORITY("entry_priority"),
    MAX_WEIGHT("max_weight"),
    MEAN_WEIGHT("mean_weight"),
    MIN_WEIGHT("min_weight"),
    BETA("beta"),
    SAMPLE_ESS_RATIO("sample_ess_ratio"),
    SAMPLE_KL_UNIFORM("sample_kl_uniform"),
    MEAN_AGE("mean_age"),
    REPLAYED_AGE_MEAN("replayed_age_mean"),
    MIN_IMPORTANCE_WEIGHT("min_importance_weight"),
    STALE_UPDATES("stale_updates"),
    DROPPED_UPDATES("dropped_updates"),
    EVICTED("evicted"),
    REPLAYED_DISC_LOSS("replayed_disc_loss"),
    FRESH_DISC_LOSS("fresh_disc_loss"),
    REPLAYED_REPLACED_FRAC("replayed_replaced_frac"),
    BUFFER_MS_TOTAL("buffer_ms_total"),
    PRIORITY_MS_TOTAL("priority_ms_total");

    final String csv;

    Column(String csv) {
      this.csv = csv;
    }
  }

  static final List<String> COLUMNS = Arrays.stream(Column.values()).map(c -> c.csv).toList();

  private long freshRows;
  private long replayedRows;
  private long firstUseRows;
  private long step;
  private int lastFresh;
  private int lastReplayed;
  private int lastFirstUses;
  private double lastBeta = Double.NaN;
  private double lastReplayedLoss = Double.NaN;
  private double lastFreshLoss = Double.NaN;
  private double lastReplayedReplacedFrac = Double.NaN;
  private double lastReplayedAge = Double.NaN;
  private double lastMinImportance = Double.NaN;
  double bufferNanos;
  double priorityNanos;

  /**
   * Records a composed batch: {@code fresh} rows, then {@code sample}'s rows (when {@code replayed
   * > 0}).
   */
  void composed(
      long step,
      int fresh,
      int replayed,
      SampleBatch sample,
      double replacedFrac,
      double meanAge,
      double minImportance) {
    this.step = step;
    lastFresh = fresh;
    lastReplayed = replayed;
    if (replayed > 0) {
      lastFirstUses = sample.firstUses();
      lastBeta = sample.beta();
      lastReplayedReplacedFrac = replacedFrac;
      lastReplayedAge = meanAge;
      lastMinImportance = minImportance;
    } else {
      lastFirstUses = 0;
    }
  }

  /** Records the step's training losses (mean per part) once the discriminator has run. */
  void trained(double[] perExampleLoss) {
    if (lastFresh > 0) {
      lastFreshLoss = mean(perExampleLoss, 0, lastFresh);
    }
    if (lastReplayed > 0) {
      lastReplayedLoss = mean(perExampleLoss, lastFresh, lastFresh + lastReplayed);
    }
    freshRows += lastFresh;
    replayedRows += lastReplayed;
    firstUseRows += lastFirstUses;
  }

  private static double mean(double[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / (to - from);
  }

  double[] values(ReplayBuffer buffer) {
    ReplayStats s = buffer.stats();
    ItemSnapshot items = buffer.inspect();
    SamplingDistribution d = buffer.samplingDistribution();
    long[] h = s.replayHistogram();
    double[] v = new double[Column.values().length];
    put(v, Column.BUFFER_SIZE, s.size());
    put(v, Column.FRESH_ROWS_STEP, lastFresh);
    put(v, Column.REPLAYED_ROWS_STEP, lastReplayed);
    put(v, Column.FRESH_ROWS_TOTAL, freshRows);
    put(v, Column.REPLAYED_ROWS_TOTAL, replayedRows);
    put(v, Column.FIRST_USE_ROWS_TOTAL, firstUseRows);
    put(v, Column.REUSED_ROWS_TOTAL, replayedRows - firstUseRows);
    put(
        v,
        Column.DRAWS_FIRST_USE_FRAC,
        lastReplayed == 0 ? Double.NaN : lastFirstUses / (double) lastReplayed);
    put(v, Column.REPLAYS_0, h[0]);
    put(v, Column.REPLAYS_1, h[1]);
    put(v, Column.REPLAYS_2, h[2]);
    put(v, Column.REPLAYS_3PLUS, Arrays.stream(h, 3, h.length).sum());
    put(v, Column.ENTRY_PRIORITY, s.entryPriority());
    put(v, Column.MAX_WEIGHT, Arrays.stream(items.weights()).max().orElse(Double.NaN));
    put(v, Column.MEAN_WEIGHT, items.meanWeight());
    put(v, Column.MIN_WEIGHT, items.minWeight());
    put(v, Column.BETA, lastBeta);
    put(v, Column.SAMPLE_ESS_RATIO, d.essRatio());
    put(v, Column.SAMPLE_KL_UNIFORM, d.klUniform());
    put(v, Column.MEAN_AGE, items.meanAge(step));
    put(v, Column.REPLAYED_AGE_MEAN, lastReplayedAge);
    put(v, Column.MIN_IMPORTANCE_WEIGHT, lastMinImportance);
    put(v, Column.STALE_UPDATES, s.staleUpdates());
    put(v, Column.DROPPED_UPDATES, s.droppedUpdates());
    put(v, Column.EVICTED, s.evicted());
    put(v, Column.REPLAYED_DISC_LOSS, lastReplayedLoss);
    put(v, Column.FRESH_DISC_LOSS, lastFreshLoss);
    put(v, Column.REPLAYED_REPLACED_FRAC, lastReplayedReplacedFrac);
    put(v, Column.BUFFER_MS_TOTAL, bufferNanos / 1e6);
    put(v, Column.PRIORITY_MS_TOTAL, priorityNanos / 1e6);
    return v;
  }

  private static void put(double[] v, Column c, double value) {
    v[c.ordinal()] = value;
  }

  void write(DataOutputStream out) throws IOException {
    out.writeLong(freshRows);
    out.writeLong(replayedRows);
    out.writeLong(firstUseRows);
  }

  void read(DataInputStream in) throws IOException {
    freshRows = in.readLong();
    replayedRows = in.readLong();
    firstUseRows = in.readLong();
  }
}
