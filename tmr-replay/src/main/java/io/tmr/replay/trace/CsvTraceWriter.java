package io.tmr.replay.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * CSV trace: header {@value #HEADER}, one line per sampled row. Doubles are written with {@link
 * Double#toString}, which reads back to the identical value.
 */
final class CsvTraceWriter implements TraceWriter {

  static final String HEADER = "step,beta,row,slot,stamp,probability,weight";

  private final BufferedWriter out;
  private final StringBuilder line = new StringBuilder(96);

  CsvTraceWriter(Path file, boolean append) throws IOException {
    boolean continuing = append && Files.exists(file) && Files.size(file) > 0;
    if (continuing) {
      try (TraceReader check = TraceReader.open(file)) {
        if (!(check instanceof TraceReader.Csv)) {
          throw new IOException("trace " + file + " exists but is not a CSV trace");
        }
      }
    }
    out =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            continuing ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
    if (!continuing) {
      out.write(HEADER);
      out.write('\n');
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
    for (int i = 0; i < n; i++) {
      line.setLength(0);
      line.append(step)
          .append(',')
          .append(beta)
          .append(',')
          .append(i)
          .append(',')
          .append(slots[i])
          .append(',')
          .append(stamps[i])
          .append(',')
          .append(probabilities[i])
          .append(',')
          .append(weights[i])
          .append('\n');
      out.append(line);
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
