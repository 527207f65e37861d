package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.tmr.replay.snapshot.SnapshotFile;
import io.tmr.replay.trace.TraceFormat;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The buffer {@code replay.capacity=0} yields: plain ELECTRA, no replay. Inserts are accepted and
 * discarded (receipts say slot -1), nothing can be sampled ({@link #sample} explains why, {@link
 * #trySample} returns false, {@link #takeFresh} returns 0), and updates find only stale references.
 * A trainer can therefore run the same code path with replay off, or branch on {@link
 * #isEnabled()}.
 */
final class DisabledReplayBuffer implements ReplayBuffer {

  private final ReplayConfig config;
  private long offered;
  private long stale;
  private volatile boolean closed;

  DisabledReplayBuffer(ReplayConfig config) {
    checkArgument(config.capacity() == 0, "a disabled buffer has capacity 0");
    this.config = config;
  }

  @Override
  public ReplayConfig config() {
    return config;
  }

  @Override
  public boolean isEnabled() {
    return false;
  }

  @Override
  public int capacity() {
    return 0;
  }

  @Override
  public int size() {
    return 0;
  }

  @Override
  public ItemSnapshot inspect() {
    return new ItemSnapshot(
        new int[0], new long[0], new double[0], new float[0], new int[0], new long[0]);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("replay buffer is closed");
    }
  }

  @Override
  public synchronized int insertBatch(
      int rows,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      long creationStep,
      InsertReceipt receipt) {
    ensureOpen();
    checkArgument(rows >= 0, "rows must be >= 0, got %s", rows);
    checkArgument(
        receipt == null || receipt.maxRows() >= rows,
        "receipt holds %s rows, the batch has %s",
        receipt == null ? 0 : receipt.maxRows(),
        rows);
    if (receipt != null) {
      receipt.reset();
      for (int r = 0; r < rows; r++) {
        receipt.add(-1, -1L);
      }
    }
    offered += rows;
    return 0;
  }

  @Override
  public boolean tryInsertBatch(
      int rows,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      long creationStep,
      InsertReceipt receipt) {
    insertBatch(rows, seqLen, corrupted, original, segments, lengths, creationStep, receipt);
    return true;
  }

  @Override
  public void sample(int n, SampleBatch out) {
    throw new IllegalStateException(
        "replay is disabled (replay.capacity=0): there is nothing to"
            + " sample; check isEnabled() before sampling");
  }

  @Override
  public boolean trySample(int n, SampleBatch out) {
    ensureOpen();
    return false;
  }

  @Override
  public int takeFresh(int max, SampleBatch out) {
    ensureOpen();
    checkNotNull(out, "out");
    return 0;
  }

  private synchronized int allStale(int n) {
    ensureOpen();
    checkArgument(n >= 0, "n must be >= 0, got %s", n);
    stale += n;
    return 0;
  }

  @Override
  public int update(int n, int[] slots, long[] stamps, float[] losses, float[] gradientNorms) {
    return allStale(n);
  }

  @Override
  public int setWeights(int n, int[] slots, long[] stamps, double[] weights) {
    return allStale(n);
  }

  @Override
  public int recordLosses(ItemRefs refs, float[] losses) {
    return allStale(refs.size());
  }

  @Override
  public void clear() {
    ensureOpen();
  }

  @Override
  public synchronized ReplayStats stats() {
    return new ReplayStats(
        0,
        0,
        0,
        offered,
        0,
        offered,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        stale,
        0,
        0,
        0,
        0,
        0,
        Double.NaN,
        new long[ArrayReplayBuffer.HISTOGRAM_BINS]);
  }

  @Override
  public SamplingDistribution samplingDistribution() {
    return SamplingDistribution.empty();
  }

  @Override
  public void verifyIntegrity() {}

  @Override
  public synchronized void snapshot(Path file) throws IOException {
    SnapshotFile.write(file, this::writeState);
  }

  @Override
  public synchronized void snapshot(java.io.OutputStream out) throws IOException {
    SnapshotFile.write(out, this::writeState);
  }

  private void writeState(io.tmr.replay.spi.StateWriter out) throws IOException {
    BufferCodec.writeConfig(out, config);
    out.writeBoolean("enabled", false);
    out.writeLong("disabled.offered", offered);
    out.writeLong("disabled.stale", stale);
  }

  synchronized void restoreCounters(long restoredOffered, long restoredStale) {
    offered = restoredOffered;
    stale = restoredStale;
  }

  @Override
  public void startTrace(Path file, TraceFormat format, boolean append) {
    // Nothing is ever sampled, so there is nothing to trace.
  }

  @Override
  public void stopTrace() {}

  @Override
  public void addDrawListener(DrawListener listener) {
    // Nothing is ever drawn, so the listener is never told anything.
  }

  @Override
  public void close() {
    closed = true;
  }
}
