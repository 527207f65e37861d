package io.tmr.models.tmr;

import io.tmr.config.Config;
import io.tmr.config.plugin.PluginInfo;
import io.tmr.core.tensor.RandomStream;
import io.tmr.models.electra.CorruptedBatch;
import io.tmr.models.electra.ElectraModel;
import io.tmr.models.electra.PerExampleGradients;
import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.models.pretrain.FeedContext;
import io.tmr.replay.InsertReceipt;
import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.ReplayBuffers;
import io.tmr.replay.ReplayConfig;
import io.tmr.replay.ReplayRegistry;
import io.tmr.replay.SampleBatch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The TMR trainer's discriminator feed. Each discriminator batch is {@code round(freshFraction ×
 * B)} rows of the generator's newest output not yet trained on, followed by rows the buffer's
 * strategy samples, with importance weights (see {@link ReplayPlan}). After the discriminator step
 * the sampled rows get priority updates (stamped), and the fresh rows enter the buffer with the
 * loss of that fresh use: its {@code ℓ_prev}, and, for rules defined at one use (loss, gradient
 * norm), its priority. The buffer therefore never serves a row before its fresh use, and with the
 * default {@code replay.generatorRows=fresh-once} every generated row is trained on fresh exactly
 * once.
 *
 * <p>With {@code replay.capacity=0}, or {@code freshFraction=1} and {@code generatorInterval=1},
 * the discriminator sees exactly the generator's batch, so the run is bit for bit plain ELECTRA.
 */
public final class ReplayFeed implements DiscriminatorFeed {
  /** "TMRG": the feed state since rows enter the buffer after their fresh use. */
  private static final int MAGIC = 0x544d5247;

  private ReplayBuffer buffer;
  private final ReplayConfig replayConfig;
  private final ReplayPlan plan;
  private final int seqLength;
  private final int asyncLag;
  private final boolean gradientNormRule;
  private final boolean exactNorms;
  private final boolean cleanLoss;
  private final CorruptedBatch composed;
  private final CorruptedBatch generated;
  private final CorruptedBatch staging;
  private final SampleBatch sample;
  private final InsertReceipt receipt;
  private final ReplayMetrics metrics = new ReplayMetrics();
  private boolean haveGenerated;
  private long generatedAt;
  private int cursor;
  private int lastFresh;
  private int lastReplayed;

  public ReplayFeed(FeedContext c) {
    this(c.config(), c.batch(), c.steps(), c.seqLength(), c.vocabSize(), c.seed());
  }

  /**
   * A feed for {@code steps} discriminator batches of {@code batch} rows of {@code seqLength}
   * tokens; the buffer's vocabulary size, sequence length, seed and (with {@code
   * replay.betaSteps=auto}) β schedule derive from these.
   */
  public ReplayFeed(Config c, int batch, int steps, int seqLength, int vocabSize, long seed) {
    this.plan = ReplayPlan.of(c, batch, steps);
    this.asyncLag = c.get(TmrOptions.ASYNC) ? c.get(TmrOptions.ASYNC_LAG) : -1;
    this.seqLength = seqLength;
    this.replayConfig =
        ReplayPlan.libraryConfig(
            c, vocabSize, seqLength, RandomStream.mix(seed ^ 0x5EEDL), plan.betaSteps());
    this.buffer = ReplayBuffers.create(replayConfig);
    this.gradientNormRule = replayConfig.weight().equals("gradient-norm");
    this.exactNorms = c.get(TmrOptions.GRADIENT_NORM).equals("exact");
    this.cleanLoss = c.get(TmrOptions.PRIORITY_LOSS).equals("clean");
    int rows = Math.max(batch, plan.generatorRows());
    this.composed = new CorruptedBatch(batch, seqLength);
    this.generated = new CorruptedBatch(plan.generatorRows(), seqLength);
    this.staging = new CorruptedBatch(rows, seqLength);
    this.sample = SampleBatch.withRows(batch, seqLength);
    this.receipt = new InsertReceipt(rows);
  }

  public ReplayBuffer buffer() {
    return buffer;
  }

  /** The buffer's strategy, eviction policy and priority rule, with the jars they came from. */
  @Override
  public List<PluginInfo> plugins() {
    return ReplayRegistry.defaultRegistry().used(replayConfig);
  }

  public ReplayPlan plan() {
    return plan;
  }

  @Override
  public int generatorRows(int batch) {
    return plan.generatorRows();
  }

  @Override
  public int asyncGeneratorLag() {
    return asyncLag;
  }

  @Override
  public boolean generatorRuns(long step) {
    return (step - 1) % plan.interval() == 0;
  }

  @Override
  public Composition compose(long step, CorruptedBatch fresh) {
    long t0 = System.nanoTime();
    int batch = plan.batch();
    if (plan.baseline()) {
      lastFresh = batch;
      lastReplayed = 0;
      metrics.composed(step, batch, 0, sample, Double.NaN, Double.NaN, Double.NaN);
      metrics.bufferNanos += System.nanoTime() - t0;
      return new Composition(fresh, batch, null, batch);
    }
    if (fresh != null) {
      for (int r = 0; r < plan.generatorRows(); r++) {
        generated.copyRow(fresh, r, r);
      }
      haveGenerated = true;
      generatedAt = step;
      cursor = 0;
      if (plan.surplus() > 0) {
        // Rows the fresh share will not use (replay.generatorRows=batch) are only reachable through
        // the buffer.
        for (int r = 0; r < plan.surplus(); r++) {
          staging.copyRow(generated, plan.freshPerGeneration() + r, r);
        }
        insert(staging, plan.surplus(), step);
      }
    }
    int nFresh =
        haveGenerated ? Math.min(plan.freshPerStep(), plan.freshPerGeneration() - cursor) : 0;
    for (int r = 0; r < nFresh; r++) {
      composed.copyRow(generated, cursor + r, r);
    }
    int want = batch - nFresh;
    int got = 0;
    double replacedFrac = Double.NaN;
    double meanAge = Double.NaN;
    if (want > 0 && buffer.size() > 0 && buffer.trySample(want, sample)) {
      got = sample.size();
      long ageSum = 0;
      long replaced = 0;
      long real = 0;
      int[] labels = sample.labels();
      for (int r = 0; r < got; r++) {
        int src = r * seqLength;
        int dst = (nFresh + r) * seqLength;
        System.arraycopy(sample.corruptedIds(), src, composed.corruptedIds, dst, seqLength);
        System.arraycopy(labels, src, composed.labels, dst, seqLength);
        System.arraycopy(sample.segmentIds(), src, composed.segmentIds, dst, seqLength);
        int len = sample.lengths()[r];
        composed.lengths[nFresh + r] = len;
        ageSum += step - sample.creationSteps()[r];
        for (int t = 0; t < len; t++) {
          replaced += labels[src + t];
        }
        real += len;
      }
      meanAge = ageSum / (double) got;
      replacedFrac = replaced / (double) Math.max(1, real);
    }
    if (nFresh + got == 0) {
      throw new IllegalStateException(
          "step "
              + step
              + ": no fresh rows left and the buffer could not be sampled "
              + "(check replay.minSize / replay.samplesPerInsert against replay.generatorInterval)");
    }
    double[] weights = null;
    double minImportance = Double.NaN;
    if (got > 0 && replayConfig.importanceWeights()) {
      weights = new double[nFresh + got];
      Arrays.fill(weights, 0, nFresh, 1.0);
      minImportance = 1.0;
      for (int r = 0; r < got; r++) {
        weights[nFresh + r] = sample.importanceWeight(r);
        minImportance = Math.min(minImportance, weights[nFresh + r]);
      }
    }
    lastFresh = nFresh;
    lastReplayed = got;
    cursor += nFresh;
    metrics.composed(step, nFresh, got, sample, replacedFrac, meanAge, minImportance);
    metrics.bufferNanos += System.nanoTime() - t0;
    return new Composition(composed, nFresh + got, weights, nFresh);
  }

  private void insert(CorruptedBatch rows, int n, long creationStep) {
    buffer.insertBatch(
        n,
        seqLength,
        rows.corruptedIds,
        rows.originalIds,
        rows.segmentIds,
        rows.lengths,
        creationStep,
        receipt);
  }

  @Override
  public void feedback(
      long step,
      Composition c,
      ElectraModel.DiscriminatorStats stats,
      PerExampleGradients gradients) {
    long t0 = System.nanoTime();
    metrics.trained(stats.perExampleLoss);
    if (plan.baseline()) {
      metrics.bufferNanos += System.nanoTime() - t0;
      return;
    }
    int nFresh = lastFresh;
    int nRep = lastReplayed;
    int rows = nFresh + nRep;
    long p0 = System.nanoTime();
    double[] losses = stats.perExampleLoss;
    if (cleanLoss) {
      // Same parameters as the training forward (before the update), without dropout: |l - l_prev|
      // is then learning
      // progress, not dropout noise. The gradient-norm bound below reads this forward's logits.
      losses = gradients.cleanLosses(c.batch(), rows);
    }
    double[] norms = null;
    if (gradientNormRule) {
      norms =
          exactNorms
              ? gradients.exactGradientNorms(c.batch(), 0, rows)
              : gradients.logitGradientNormBound();
    }
    long p1 = System.nanoTime();
    if (nRep > 0) {
      buffer.update(
          nRep,
          sample.slots(),
          sample.stamps(),
          floats(losses, nFresh, nRep),
          floats(norms, nFresh, nRep));
    }
    if (nFresh > 0) {
      insert(composed, nFresh, generatedAt);
      buffer.update(
          nFresh,
          receipt.slots(),
          receipt.stamps(),
          floats(losses, 0, nFresh),
          floats(norms, 0, nFresh));
    }
    metrics.priorityNanos += p1 - p0;
    metrics.bufferNanos += (System.nanoTime() - t0) - (p1 - p0);
  }

  private static float[] floats(double[] v, int from, int n) {
    if (v == null) {
      return null;
    }
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = (float) v[from + i];
    }
    return out;
  }

  /**
   * The rows sampled in the last composed batch (slots, stamps, probabilities, importance weights).
   */
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

  /**
   * Cumulative milliseconds in buffer operations (insert, sample, copy, updates) and in priority
   * computation.
   */
  public double bufferMillis() {
    return metrics.bufferNanos / 1e6;
  }

  public double priorityMillis() {
    return metrics.priorityNanos / 1e6;
  }

  @Override
  public List<String> metricColumns() {
    return ReplayMetrics.COLUMNS;
  }

  @Override
  public double[] metricValues() {
    return metrics.values(buffer);
  }

  @Override
  public byte[] snapshot() throws IOException {
    ByteArrayOutputStream bufferBytes = new ByteArrayOutputStream();
    buffer.snapshot(bufferBytes);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(MAGIC);
    out.writeBoolean(haveGenerated);
    out.writeLong(generatedAt);
    out.writeInt(cursor);
    for (int[] a : generatedArrays()) {
      out.writeInt(a.length);
      for (int v : a) {
        out.writeInt(v);
      }
    }
    metrics.write(out);
    out.writeInt(bufferBytes.size());
    bufferBytes.writeTo(out);
    out.flush();
    return bytes.toByteArray();
  }

  private int[][] generatedArrays() {
    return new int[][] {
      generated.corruptedIds,
      generated.originalIds,
      generated.segmentIds,
      generated.lengths,
      generated.labels
    };
  }

  @Override
  public void restore(byte[] state) throws IOException {
    if (state.length == 0) {
      return;
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
    if (in.readInt() != MAGIC) {
      throw new IOException(
          "checkpoint blob __feed__ is not a replay-feed snapshot of this version (written before rows entered "
              + "the buffer after their fresh use?); start the run again");
    }
    haveGenerated = in.readBoolean();
    generatedAt = in.readLong();
    cursor = in.readInt();
    for (int[] a : generatedArrays()) {
      int n = in.readInt();
      if (n != a.length) {
        throw new IOException(
            "replay-feed snapshot holds "
                + n
                + " values where "
                + a.length
                + " are expected (batch, length or replay.generatorRows changed?)");
      }
      for (int i = 0; i < n; i++) {
        a[i] = in.readInt();
      }
    }
    metrics.read(in);
    byte[] bufferBytes = new byte[in.readInt()];
    in.readFully(bufferBytes);
    ReplayBuffer restored =
        ReplayBuffers.restore(
            new ByteArrayInputStream(bufferBytes), "the replay buffer in checkpoint blob __feed__");
    buffer.close();
    buffer = restored;
  }
}
