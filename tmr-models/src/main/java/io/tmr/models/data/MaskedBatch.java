package io.tmr.models.data;

/**
 * A batch ready for the generator: flat {@code [batch × L]} arrays plus the prediction positions.
 * Buffers are allocated once for a (batch, L, P) shape and refilled every step.
 */
public final class MaskedBatch {
  public final int batch;
  public final int seqLength;
  public final int maxPredictions;

  /** Original token ids. */
  public final int[] originalIds;

  /** Ids with selected positions replaced by [MASK] (or kept): the generator's input. */
  public final int[] maskedIds;

  public final int[] segmentIds;

  /** Real-token count per row. */
  public final int[] lengths;

  /** Positions selected for prediction, {@code [batch × P]}; unused slots are 0. */
  public final int[] positions;

  /** Original ids at the positions (MLM labels). */
  public final int[] labels;

  /** 1 for a used prediction slot, 0 for padding. */
  public final float[] weights;

  /** Number of used prediction slots per row. */
  public final int[] predictions;

  public MaskedBatch(int batch, int seqLength, int maxPredictions) {
    this.batch = batch;
    this.seqLength = seqLength;
    this.maxPredictions = maxPredictions;
    originalIds = new int[batch * seqLength];
    maskedIds = new int[batch * seqLength];
    segmentIds = new int[batch * seqLength];
    lengths = new int[batch];
    positions = new int[batch * maxPredictions];
    labels = new int[batch * maxPredictions];
    weights = new float[batch * maxPredictions];
    predictions = new int[batch];
  }

  public int totalPredictions() {
    int n = 0;
    for (int p : predictions) {
      n += p;
    }
    return n;
  }
}
