package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkState;

/**
 * The reusable result of a draw: per row the slot, generation stamp, probability, importance
 * weight, replay count and creation step, plus (when created {@link #withRows}) the rows' token
 * data, copied under the buffer's lock so a concurrent insert can never tear them.
 *
 * <p>Accessors returning arrays expose the batch's own arrays (no copy; valid in {@code [0,
 * size())} rows, row-major with stride {@link #seqLen()} for token data) until the next draw into
 * this batch. A batch belongs to one thread.
 */
public final class SampleBatch implements ItemRefs {

  private final int maxRows;
  private final int seqLen;
  final int[] slots;
  final long[] stamps;
  final double[] probabilities;
  final double[] importanceWeights;
  final int[] replays;
  final long[] creationSteps;
  final int[] corruptedIds;
  final int[] labels;
  final int[] originalIds;
  final int[] segmentIds;
  final int[] lengths;
  int size;
  int firstUses;
  double beta = Double.NaN;
  long step = -1;
  boolean fresh;

  private SampleBatch(int maxRows, int seqLen, boolean withOriginal) {
    checkArgument(maxRows >= 1, "maxRows must be >= 1, got %s", maxRows);
    checkArgument(seqLen >= 0, "seqLen must be >= 0, got %s", seqLen);
    checkArgument(
        (long) maxRows * seqLen <= Integer.MAX_VALUE - 8,
        "maxRows x seqLen = %s exceeds the Java array limit",
        (long) maxRows * seqLen);
    this.maxRows = maxRows;
    this.seqLen = seqLen;
    slots = new int[maxRows];
    stamps = new long[maxRows];
    probabilities = new double[maxRows];
    importanceWeights = new double[maxRows];
    replays = new int[maxRows];
    creationSteps = new long[maxRows];
    if (seqLen > 0) {
      corruptedIds = new int[maxRows * seqLen];
      labels = new int[maxRows * seqLen];
      segmentIds = new int[maxRows * seqLen];
      lengths = new int[maxRows];
      originalIds = withOriginal ? new int[maxRows * seqLen] : null;
    } else {
      corruptedIds = labels = segmentIds = lengths = originalIds = null;
    }
  }

  /** A batch that receives slots, stamps, probabilities and weights only (no token copy). */
  public static SampleBatch indicesOnly(int maxRows) {
    return new SampleBatch(maxRows, 0, false);
  }

  /**
   * A batch that also receives token rows of stride {@code seqLen} ({@code >=} {@code
   * replay.maxSeqLength}): corrupted ids, labels (1 = replaced), segment ids, lengths.
   */
  public static SampleBatch withRows(int maxRows, int seqLen) {
    checkArgument(seqLen >= 1, "seqLen must be >= 1, got %s", seqLen);
    return new SampleBatch(maxRows, seqLen, false);
  }

  /**
   * As {@link #withRows(int, int)}, plus original ids (needs {@code replay.labels=original-ids}).
   */
  public static SampleBatch withRowsAndOriginalIds(int maxRows, int seqLen) {
    checkArgument(seqLen >= 1, "seqLen must be >= 1, got %s", seqLen);
    return new SampleBatch(maxRows, seqLen, true);
  }

  public int maxRows() {
    return maxRows;
  }

  /** Row stride of the token arrays; 0 for an indices-only batch. */
  public int seqLen() {
    return seqLen;
  }

  public boolean hasRows() {
    return seqLen > 0;
  }

  public boolean hasOriginalIds() {
    return originalIds != null;
  }

  @Override
  public int size() {
    return size;
  }

  /**
   * Rows of this draw whose item had never been trained on before (neither used fresh nor
   * replayed): first uses, not re-uses. 0 for {@code takeFresh} batches.
   */
  public int firstUses() {
    return firstUses;
  }

  /** Whether the rows came from {@code takeFresh} (probability and weight 1, not replays). */
  public boolean fresh() {
    return fresh;
  }

  /** β used for this batch's importance weights. */
  public double beta() {
    return beta;
  }

  /** The sample-call count at which this batch was drawn. */
  public long step() {
    return step;
  }

  @Override
  public int[] slots() {
    return slots;
  }

  @Override
  public long[] stamps() {
    return stamps;
  }

  public double[] probabilities() {
    return probabilities;
  }

  public double[] importanceWeights() {
    return importanceWeights;
  }

  /** Replay count of each row's item including this draw. */
  public int[] replays() {
    return replays;
  }

  public long[] creationSteps() {
    return creationSteps;
  }

  public int slot(int row) {
    checkElementIndex(row, size);
    return slots[row];
  }

  public long stamp(int row) {
    checkElementIndex(row, size);
    return stamps[row];
  }

  public double probability(int row) {
    checkElementIndex(row, size);
    return probabilities[row];
  }

  public double importanceWeight(int row) {
    checkElementIndex(row, size);
    return importanceWeights[row];
  }

  private void requireRows() {
    checkState(seqLen > 0, "this batch was created indicesOnly; use SampleBatch.withRows");
  }

  public int[] corruptedIds() {
    requireRows();
    return corruptedIds;
  }

  /** 1 where the generator replaced the token, 0 elsewhere and in padding. */
  public int[] labels() {
    requireRows();
    return labels;
  }

  public int[] segmentIds() {
    requireRows();
    return segmentIds;
  }

  public int[] lengths() {
    requireRows();
    return lengths;
  }

  public int[] originalIds() {
    checkState(
        originalIds != null,
        "this batch holds no original ids; use SampleBatch.withRowsAndOriginalIds");
    return originalIds;
  }

  /**
   * Copies the first {@code size()} rows into caller arrays (row stride {@link #seqLen()}); any
   * destination may be null to skip it.
   */
  public void copyRowsTo(int[] corrupted, int[] labelsOut, int[] segments, int[] lengthsOut) {
    requireRows();
    int tokens = size * seqLen;
    if (corrupted != null) {
      System.arraycopy(corruptedIds, 0, corrupted, 0, tokens);
    }
    if (labelsOut != null) {
      System.arraycopy(labels, 0, labelsOut, 0, tokens);
    }
    if (segments != null) {
      System.arraycopy(segmentIds, 0, segments, 0, tokens);
    }
    if (lengthsOut != null) {
      System.arraycopy(lengths, 0, lengthsOut, 0, size);
    }
  }
}
