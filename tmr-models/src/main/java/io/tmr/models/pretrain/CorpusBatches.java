package io.tmr.models.pretrain;

import io.tmr.core.tensor.RandomStream;
import io.tmr.models.data.DataOrder;
import io.tmr.models.data.MaskedBatch;
import io.tmr.models.data.Masker;
import io.tmr.models.data.PackedExamples;

/**
 * The training examples in the run's seeded epoch order, masked by a stream seeded by (seed, step):
 * the trainer's {@link BatchSource}. Remembers where the last batch started, so that a checkpoint
 * taken while a batch was read ahead (the asynchronous generator, lag 1) records that batch as not
 * yet consumed.
 */
public final class CorpusBatches implements BatchSource {
  private static final long PURPOSE_MASK = 1;

  private final PackedExamples examples;
  private final DataOrder order;
  private final Masker masker;
  private final int padId;
  private final long seed;
  private int epochBeforeLast;
  private int offsetBeforeLast;

  public CorpusBatches(
      PackedExamples examples, DataOrder order, Masker masker, int padId, long seed) {
    this.examples = examples;
    this.order = order;
    this.masker = masker;
    this.padId = padId;
    this.seed = seed;
  }

  @Override
  public void fill(MaskedBatch masked, long forStep) {
    epochBeforeLast = order.epoch();
    offsetBeforeLast = order.offset();
    for (int r = 0; r < masked.batch; r++) {
      int ex = order.next();
      examples.copyTo(ex, r, masked.originalIds, masked.segmentIds, padId);
      masked.lengths[r] = examples.length(ex);
    }
    masker.mask(
        masked,
        new RandomStream(RandomStream.mix(seed ^ (forStep * 0xBF58476D1CE4E5B9L) ^ PURPOSE_MASK)));
  }

  /**
   * The data position {@code {epoch, offset}} to checkpoint: before the last batch when it was read
   * ahead.
   */
  public int[] position(boolean lastReadAhead) {
    return lastReadAhead
        ? new int[] {epochBeforeLast, offsetBeforeLast}
        : new int[] {order.epoch(), order.offset()};
  }

  public void seek(int epoch, int offset) {
    order.seek(epoch, offset);
  }
}
