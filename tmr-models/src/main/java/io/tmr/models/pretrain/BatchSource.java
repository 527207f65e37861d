package io.tmr.models.pretrain;

import io.tmr.models.data.MaskedBatch;

/**
 * The generator's input for a step: fills every row of {@code masked} (ids, segments, lengths) and
 * masks it with the step's own random stream. The trainer reads the corpus in its seeded order
 * ({@link CorpusBatches}); a benchmark may use synthetic ids.
 */
public interface BatchSource {
  void fill(MaskedBatch masked, long forStep);
}
