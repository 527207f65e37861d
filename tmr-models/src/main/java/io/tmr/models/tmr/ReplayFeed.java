package io.tmr.models.tmr;

import io.tmr.core.config.Config;
import io.tmr.core.tensor.RandomStream;
import io.tmr.models.electra.CorruptedBatch;
import io.tmr.models.electra.ElectraModel;
import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.models.pretrain.Pretrainer;
import io.tmr.replay.InsertReceipt;
import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.ReplayBuffers;
import io.tmr.replay.ReplayConfig;
import io.tmr.replay.ReplayOption;
import io.tmr.replay.ReplayStats;
import io.tmr.replay.SampleBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TMR trainer's discriminator feed: the generator's corrupted batches go into a replay buffer;
 * each discriminator batch is {@code round(freshFraction × B)} rows of the newest generator batch not
 * yet trained on (in the generator's row order) plus rows sampled by the buffer's strategy, with
 * importance weights on the sampled rows. After the discriminator step, sampled rows get priority
 * updates (loss, loss difference, or gradient norm — bound or exact) checked against their
 * generation stamps; fresh rows get their loss recorded as the loss-difference baseline.
 *
 * <p>With {@code replay.capacity=0}, or {@code freshFraction=1} and {@code generatorInterval=1},
 * the discriminator sees exactly the generator's batch, so the run is bit for bit plain ELECTRA.
 */
public final class ReplayFeed implements DiscriminatorFeed {
  private static final int MAGIC = 0x544d5246; // "TMRF"

  private ReplayBuffer buffer;
  private final ReplayConfig replayConfig;
  private final int batch;
  private final int seqLength;
  private final int freshPerStep;
  private final int interval;
  private final int asyncLag;
  private final boolean baseline;
  private final boolean gradientNormRule;
  private final boolean exactNorms;
  private final CorruptedBatch composed;
  private final CorruptedBatch generated;
  private final SampleBatch sample;
  private final InsertReceipt receipt;
  private final int[] freshSlots;
  private final long[] freshStamps;
  private boolean haveGenerated;
  private int cursor;
  private int lastFresh;
  private int lastReplayed;
  private int lastFreshOffset;
  // Accounting (cumulative, logged every row of metrics.csv).
  private long replayedRows;
  private long freshRows;
  private double lastReplayedLoss = Double.NaN;
  private double lastFreshLoss = Double.NaN;
  private double lastReplayedReplacedFrac = Double.NaN;
  private double lastMeanAge = Double.NaN;
  private double lastMinImportance = Double.NaN;
  private double bufferNanos;
  private long lastStep;
  private double priorityNanos;

  public ReplayFeed(Pretrainer trainer) {
    this(trainer.config(), trainer.batchSize(), trainer.seqLength(), trainer.vocabulary().size(), trainer.seed());
  }

  /**
   * A feed for discriminator batches of {@code batch} rows of {@code seqLength} tokens; the buffer's
   * vocabulary size, sequence length and seed are derived from these arguments.
   */
  public ReplayFeed(Config c, int batch, int seqLength, int vocabSize, long seed) {
    this.asyncLag = c.get(TmrOptions.ASYNC) ? c.get(TmrOptions.ASYNC_LAG) : -1;
    this.batch = batch;
    this.seqLength = seqLength;
    ReplayConfig.Builder b = ReplayConfig.builder();
    TmrOptions.LIBRARY.forEach((option, key) -> b.set(option.key(), c.get(key)));
    b.set(ReplayOption.VOCAB_SIZE.key(), Integer.toString(vocabSize));
    b.set(ReplayOption.MAX_SEQ_LENGTH.key(), Integer.toString(seqLength));
    b.set(ReplayOption.SEED.key(), Long.toString(RandomStream.mix(seed ^ 0x5EEDL)));
    this.replayConfig = b.build();
    this.buffer = ReplayBuffers.create(replayConfig);
    double f = c.get(TmrOptions.FRESH_FRACTION);
    this.freshPerStep = (int) Math.round(f * batch);
    this.interval = c.get(TmrOptions.GENERATOR_INTERVAL);
    this.baseline = !buffer.isEnabled() || (freshPerStep == batch && interval == 1);
    this.gradientNormRule = replayConfig.weight().equals("gradient-norm");
    this.exactNorms = c.get(TmrOptions.GRADIENT_NORM).equals("exact");
    this.composed = new CorruptedBatch(batch, seqLength);
    this.generated = new CorruptedBatch(batch, seqLength);
    this.sample = SampleBatch.withRows(batch, seqLength);
    this.receipt = new InsertReceipt(batch);
    this.freshSlots = new int[batch];
    this.freshStamps = new long[batch];
  }

  public ReplayBuffer buffer() {
    return buffer;
  }

  @Override
  public int asyncGeneratorLag() {
    return asyncLag;
  }

  @Override
  public boolean generatorRuns(long step) {
    return (step - 1) % interval == 0;
  }

  @Override
  public Composition compose(long step, CorruptedBatch fresh) {
    long t0 = System.nanoTime();
    lastStep = step;
    if (fresh != null) {
      buffer.insertBatch(batch, seqLength, fresh.corruptedIds, fresh.originalIds, fresh.segmentIds, fresh.lengths, step, receipt);
      System.arraycopy(receipt.slots(), 0, freshSlots, 0, batch);
      System.arraycopy(receipt.stamps(), 0, freshStamps, 0, batch);
      if (!baseline) {
        for (int r = 0; r < batch; r++) {
          generated.copyRow(fresh, r, r);
        }
      }
      haveGenerated = true;
      cursor = 0;
    }
    if (baseline) {
      lastFresh = batch;
      lastReplayed = 0;
      lastFreshOffset = 0;
      bufferNanos += System.nanoTime() - t0;
      return new Composition(fresh, batch, null, batch);
    }
    int nFresh = haveGenerated ? Math.min(freshPerStep, batch - cursor) : 0;
    for (int r = 0; r < nFresh; r++) {
      composed.copyRow(generated, cursor + r, r);
    }
    lastFreshOffset = cursor;
    int want = batch - nFresh;
    int got = 0;
    if (want > 0 && buffer.size() > 0 && buffer.trySample(want, sample)) {
      got = sample.size();
      int[] ids = sample.corruptedIds();
      int[] labels = sample.labels();
      int[] segs = sample.segmentIds();
      int[] lens = sample.lengths();
      long ageSum = 0;
      long replaced = 0;
      long real = 0;
      for (int r = 0; r < got; r++) {
        int dst = (nFresh + r) * seqLength;
        System.arraycopy(ids, r * seqLength, composed.corruptedIds, dst, seqLength);
        System.arraycopy(labels, r * seqLength, composed.labels, dst, seqLength);
        System.arraycopy(segs, r * seqLength, composed.segmentIds, dst, seqLength);
        composed.lengths[nFresh + r] = lens[r];
        ageSum += step - sample.creationSteps()[r];
        for (int t = 0; t < lens[r]; t++) {
          replaced += labels[r * seqLength + t];
        }
        real += lens[r];
      }
      lastMeanAge = ageSum / (double) got;
      lastReplayedReplacedFrac = replaced / (double) Math.max(1, real);
    }
    double[] weights = null;
    if (got > 0 && replayConfig.importanceWeights()) {
      weights = new double[nFresh + got];
      double min = 1;
      for (int r = 0; r < nFresh + got; r++) {
        weights[r] = r < nFresh ? 1.0 : sample.importanceWeight(r - nFresh);
        min = Math.min(min, weights[r]);
      }
      lastMinImportance = min;
    }
    if (nFresh + got == 0) {
      throw new IllegalStateException("step " + step + ": no fresh rows left and the buffer could not be sampled "
          + "(check replay.minSize / replay.samplesPerInsert against replay.generatorInterval)");
    }
    lastFresh = nFresh;
    lastReplayed = got;
    cursor += nFresh;
    bufferNanos += System.nanoTime() - t0;
    return new Composition(composed, nFresh + got, weights, nFresh);
  }

  @Override
  public void feedback(long step, Composition c, ElectraModel.DiscriminatorStats stats, ElectraModel model) {
    long t0 = System.nanoTime();
    double priorityBefore = priorityNanos;
    double[] perExample = stats.perExampleLoss;
    int nFresh = lastFresh;
    int nRep = lastReplayed;
    // Replayed rows first: an item drawn in the same step it is trained fresh is scored against its
    // previous training, not against this step's fresh use.
    if (nRep > 0) {
      float[] losses = new float[nRep];
      double sum = 0;
      for (int r = 0; r < nRep; r++) {
        losses[r] = (float) perExample[nFresh + r];
        sum += perExample[nFresh + r];
      }
      lastReplayedLoss = sum / nRep;
      float[] norms = null;
      long p0 = System.nanoTime();
      if (gradientNormRule) {
        norms = new float[nRep];
        if (exactNorms) {
          double[] exact = model.exactDiscriminatorGradientNorms(c.batch(), nFresh, nFresh + nRep);
          for (int r = 0; r < nRep; r++) {
            norms[r] = (float) exact[r];
          }
        } else {
          double[] bound = model.lastPerExampleLogitGradientNorms();
          for (int r = 0; r < nRep; r++) {
            norms[r] = (float) bound[nFresh + r];
          }
        }
      }
      priorityNanos += System.nanoTime() - p0;
      buffer.update(nRep, sample.slots(), sample.stamps(), losses, norms);
    }
    if (nFresh > 0) {
      float[] freshLosses = new float[nFresh];
      double freshSum = 0;
      for (int r = 0; r < nFresh; r++) {
        freshLosses[r] = (float) perExample[r];
        freshSum += perExample[r];
      }
      int[] slots = java.util.Arrays.copyOfRange(freshSlots, lastFreshOffset, lastFreshOffset + nFresh);
      long[] stamps = java.util.Arrays.copyOfRange(freshStamps, lastFreshOffset, lastFreshOffset + nFresh);
      buffer.recordLosses(new Refs(slots, stamps), freshLosses);
      lastFreshLoss = freshSum / nFresh;
    }
    bufferNanos += System.nanoTime() - t0 - (priorityNanos - priorityBefore);
    replayedRows += nRep;
    freshRows += nFresh;
  }

  private record Refs(int[] slots, long[] stamps) implements io.tmr.replay.ItemRefs {
    @Override
    public int size() {
      return slots.length;
    }
  }

  /** The rows sampled in the last composed batch (slots, stamps, probabilities, importance weights). */
  public SampleBatch lastSample() {
    return sample;
  }

  /** Rows of the last discriminator batch that were fresh (first) and replayed (after them). */
  public int lastFreshRows() {
    return lastFresh;
  }

  public int lastReplayedRows() {
    return lastReplayed;
  }

  /** Cumulative milliseconds in buffer operations (insert, sample, copy, updates) and in priority computation. */
  public double bufferMillis() {
    return bufferNanos / 1e6;
  }

  public double priorityMillis() {
    return priorityNanos / 1e6;
  }

  static final List<String> COLUMNS = List.of("buffer_size", "fresh_rows_step", "replayed_rows_step", "fresh_rows_total", "replayed_rows_total",
      "replays_0", "replays_1", "replays_2", "replays_3plus", "max_weight", "mean_weight", "min_weight", "mean_age", "replayed_age_mean", "min_importance_weight", "stale_updates",
      "evicted", "replayed_disc_loss", "fresh_disc_loss", "replayed_replaced_frac", "buffer_ms_total", "priority_ms_total");

  @Override
  public List<String> metricColumns() {
    return COLUMNS;
  }

  @Override
  public double[] metricValues() {
    ReplayStats s = buffer.stats();
    long[] h = s.replayHistogram();
    long h3 = 0;
    for (int i = 3; i < h.length; i++) {
      h3 += h[i];
    }
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("buffer_size", (double) s.size());
    v.put("fresh_rows_step", (double) lastFresh);
    v.put("replayed_rows_step", (double) lastReplayed);
    v.put("fresh_rows_total", (double) freshRows);
    v.put("replayed_rows_total", (double) replayedRows);
    v.put("replays_0", h.length > 0 ? h[0] : 0.0);
    v.put("replays_1", h.length > 1 ? h[1] : 0.0);
    v.put("replays_2", h.length > 2 ? h[2] : 0.0);
    v.put("replays_3plus", (double) h3);
    io.tmr.replay.ItemSnapshot items = buffer.inspect();
    v.put("max_weight", s.maxWeight());
    v.put("mean_weight", items.meanWeight());
    v.put("min_weight", items.minWeight());
    v.put("mean_age", items.meanAge(lastStep));
    v.put("replayed_age_mean", lastMeanAge);
    v.put("min_importance_weight", lastMinImportance);
    v.put("stale_updates", (double) s.staleUpdates());
    v.put("evicted", (double) s.evicted());
    v.put("replayed_disc_loss", lastReplayedLoss);
    v.put("fresh_disc_loss", lastFreshLoss);
    v.put("replayed_replaced_frac", lastReplayedReplacedFrac);
    v.put("buffer_ms_total", bufferNanos / 1e6);
    v.put("priority_ms_total", priorityNanos / 1e6);
    return v.values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Override
  public byte[] snapshot() throws IOException {
    Path tmp = Files.createTempFile("tmr-replay-", ".snapshot");
    try {
      buffer.snapshot(tmp);
      byte[] bufferBytes = Files.readAllBytes(tmp);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeBoolean(haveGenerated);
      out.writeInt(cursor);
      writeInts(out, generated.corruptedIds);
      writeInts(out, generated.originalIds);
      writeInts(out, generated.segmentIds);
      writeInts(out, generated.lengths);
      writeInts(out, generated.labels);
      writeInts(out, freshSlots);
      for (long s : freshStamps) {
        out.writeLong(s);
      }
      out.writeLong(replayedRows);
      out.writeLong(freshRows);
      out.writeInt(bufferBytes.length);
      out.write(bufferBytes);
      out.flush();
      return bytes.toByteArray();
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public void restore(byte[] state) throws IOException {
    if (state.length == 0) {
      return;
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
    if (in.readInt() != MAGIC) {
      throw new IOException("checkpoint blob __feed__ is not a TMR replay-feed snapshot");
    }
    haveGenerated = in.readBoolean();
    cursor = in.readInt();
    readInts(in, generated.corruptedIds);
    readInts(in, generated.originalIds);
    readInts(in, generated.segmentIds);
    readInts(in, generated.lengths);
    readInts(in, generated.labels);
    readInts(in, freshSlots);
    for (int i = 0; i < freshStamps.length; i++) {
      freshStamps[i] = in.readLong();
    }
    replayedRows = in.readLong();
    freshRows = in.readLong();
    byte[] bufferBytes = new byte[in.readInt()];
    in.readFully(bufferBytes);
    Path tmp = Files.createTempFile("tmr-replay-", ".snapshot");
    try {
      Files.write(tmp, bufferBytes);
      ReplayBuffer restored = ReplayBuffers.restore(tmp);
      buffer.close();
      buffer = restored;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeInts(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int v : a) {
      out.writeInt(v);
    }
  }

  private static void readInts(DataInputStream in, int[] a) throws IOException {
    int n = in.readInt();
    if (n != a.length) {
      throw new IOException("replay-feed snapshot holds " + n + " values where " + a.length + " are expected (batch or length changed?)");
    }
    for (int i = 0; i < n; i++) {
      a[i] = in.readInt();
    }
  }
}
