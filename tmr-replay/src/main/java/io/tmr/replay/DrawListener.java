package io.tmr.replay;

import java.io.IOException;

/**
 * Told about every replay draw of a buffer, with the batch as its caller receives it (slots,
 * stamps, probabilities, importance weights, β, the sample call's number). The replay trace is one
 * (see {@link io.tmr.replay.trace.TraceWriter}); a study can add its own with {@link
 * ReplayBuffer#addDrawListener} (e.g. counting how often each item is drawn). Called under the
 * buffer's lock: keep it quick, do not call the buffer, and copy what you keep (the batch's arrays
 * are reused by the next draw).
 */
@FunctionalInterface
public interface DrawListener {
  /** A draw just filled {@code batch} (its first {@link SampleBatch#size()} rows). */
  void drawn(SampleBatch batch) throws IOException;
}
