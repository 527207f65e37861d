package io.tmr.models.electra;

import java.util.Arrays;

/**
 * What the discriminator trains on: flat {@code [batch × L]} corrupted ids (generator samples at
 * the masked positions), the original ids, segment ids, lengths, and the replaced-token labels
 * derived from them. Rows can come from the generator directly or from the replay buffer.
 */
public final class CorruptedBatch {
  public final int batch;
  public final int seqLength;
  public final int[] corruptedIds;
  public final int[] originalIds;
  public final int[] segmentIds;
  public final int[] lengths;

  /** 1 where the corrupted token differs from the original. */
  public final int[] labels;

  public CorruptedBatch(int batch, int seqLength) {
    this.batch = batch;
    this.seqLength = seqLength;
    corruptedIds = new int[batch * seqLength];
    originalIds = new int[batch * seqLength];
    segmentIds = new int[batch * seqLength];
    lengths = new int[batch];
    labels = new int[batch * seqLength];
  }

  /** Recomputes {@link #labels} from the ids (padding positions are 0). */
  public void deriveLabels() {
    Arrays.fill(labels, 0);
    for (int r = 0; r < batch; r++) {
      int base = r * seqLength;
      for (int t = 0; t < lengths[r]; t++) {
        labels[base + t] = corruptedIds[base + t] != originalIds[base + t] ? 1 : 0;
      }
    }
  }

  /** Copies row {@code from} of {@code src} into row {@code to} of this batch. */
  public void copyRow(CorruptedBatch src, int from, int to) {
    int L = seqLength;
    System.arraycopy(src.corruptedIds, from * L, corruptedIds, to * L, L);
    System.arraycopy(src.originalIds, from * L, originalIds, to * L, L);
    System.arraycopy(src.segmentIds, from * L, segmentIds, to * L, L);
    System.arraycopy(src.labels, from * L, labels, to * L, L);
    lengths[to] = src.lengths[from];
  }

  /** Share of real tokens that were replaced. */
  public double replacedFraction() {
    long real = 0;
    long replaced = 0;
    for (int r = 0; r < batch; r++) {
      real += lengths[r];
      for (int t = 0; t < lengths[r]; t++) {
        replaced += labels[r * seqLength + t];
      }
    }
    return real == 0 ? 0 : replaced / (double) real;
  }
}
