package io.tmr.replay.trace;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Binary trace: header {@code "TMRTRACE" (8 bytes) | version (int)}, then per sample call {@code
 * step (long) | beta (double) | n (int) | n × (slot int, stamp long, probability double, weight
 * double)}, big-endian.
 */
final class BinaryTraceWriter implements TraceWriter {

  static final long MAGIC = 0x544D525452414345L; // "TMRTRACE"
  static final int VERSION = 1;

  private final DataOutputStream out;

  BinaryTraceWriter(Path file, boolean append) throws IOException {
    boolean continuing = append && Files.exists(file) && Files.size(file) > 0;
    if (continuing) {
      try (TraceReader check = TraceReader.open(file)) {
        if (!(check instanceof TraceReader.Binary)) {
          throw new IOException("trace " + file + " exists but is not a binary trace");
        }
      }
    }
    out =
        new DataOutputStream(
            new BufferedOutputStream(
                Files.newOutputStream(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    continuing ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING),
                1 << 16));
    if (!continuing) {
      out.writeLong(MAGIC);
      out.writeInt(VERSION);
    }
  }

  @Override
  public void write(
      long step,
      double beta,
      int n,
      int[] slots,
      long[] stamps,
      double[] probabilities,
      double[] weights)
      throws IOException {
    out.writeLong(step);
    out.writeDouble(beta);
    out.writeInt(n);
    for (int i = 0; i < n; i++) {
      out.writeInt(slots[i]);
      out.writeLong(stamps[i]);
      out.writeDouble(probabilities[i]);
      out.writeDouble(weights[i]);
    }
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
