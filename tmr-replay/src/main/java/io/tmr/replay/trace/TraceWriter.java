package io.tmr.replay.trace;

import io.tmr.replay.DrawListener;
import io.tmr.replay.SampleBatch;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Appends traced sample calls to a file: a {@link DrawListener} the buffer adds and removes itself
 * ({@link io.tmr.replay.ReplayBuffer#startTrace}). Not thread-safe; the buffer calls it under its
 * lock.
 */
public interface TraceWriter extends DrawListener, Closeable, Flushable {

  @Override
  default void drawn(SampleBatch b) throws IOException {
    write(
        b.step(),
        b.beta(),
        b.size(),
        b.slots(),
        b.stamps(),
        b.probabilities(),
        b.importanceWeights());
  }

  void write(
      long step,
      double beta,
      int n,
      int[] slots,
      long[] stamps,
      double[] probabilities,
      double[] weights)
      throws IOException;

  /**
   * Opens a trace file. With {@code append} an existing file of the same format is continued (a
   * restored buffer continues its trace); otherwise the file is replaced.
   */
  static TraceWriter open(Path file, TraceFormat format, boolean append) throws IOException {
    return switch (format) {
      case BINARY -> new BinaryTraceWriter(file, append);
      case CSV -> new CsvTraceWriter(file, append);
    };
  }
}
