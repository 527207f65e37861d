package io.tmr.replay.trace;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a trace written by either format; the format is recognised from the file's first bytes.
 * Call {@link #next()} until it returns null, or use {@link #readAll}.
 */
public abstract sealed class TraceReader implements Closeable {

  protected final Path file;

  private TraceReader(Path file) {
    this.file = file;
  }

  /** Opens {@code file}, recognising binary (magic header) or CSV (header line). */
  public static TraceReader open(Path file) throws IOException {
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 8);
    }
    long magic = 0;
    for (int i = 0; i < n; i++) {
      magic = (magic << 8) | (head[i] & 0xFF);
    }
    if (n == 8 && magic == BinaryTraceWriter.MAGIC) {
      return new Binary(file);
    }
    return new Csv(file);
  }

  /** Every step in {@code file}. */
  public static List<TraceStep> readAll(Path file) throws IOException {
    List<TraceStep> steps = new ArrayList<>();
    try (TraceReader reader = open(file)) {
      for (TraceStep s = reader.next(); s != null; s = reader.next()) {
        steps.add(s);
      }
    }
    return steps;
  }

  /** The next step, or null at the end of the file. */
  public abstract TraceStep next() throws IOException;

  /** Binary traces. */
  static final class Binary extends TraceReader {
    private final DataInputStream in;

    Binary(Path file) throws IOException {
      super(file);
      in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
      in.readLong();
      int version = in.readInt();
      if (version != BinaryTraceWriter.VERSION) {
        in.close();
        throw new IOException(
            "trace "
                + file
                + ": version "
                + version
                + ", this build reads "
                + BinaryTraceWriter.VERSION);
      }
    }

    @Override
    public TraceStep next() throws IOException {
      long step;
      try {
        step = in.readLong();
      } catch (EOFException e) {
        return null;
      }
      try {
        double beta = in.readDouble();
        int n = in.readInt();
        if (n < 0) {
          throw new IOException("trace " + file + ": step " + step + " has " + n + " rows");
        }
        int[] slots = new int[n];
        long[] stamps = new long[n];
        double[] p = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
          slots[i] = in.readInt();
          stamps[i] = in.readLong();
          p[i] = in.readDouble();
          w[i] = in.readDouble();
        }
        return new TraceStep(step, beta, slots, stamps, p, w);
      } catch (EOFException e) {
        throw new IOException("trace " + file + ": truncated inside step " + step, e);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** CSV traces. */
  static final class Csv extends TraceReader {
    private final BufferedReader in;
    private String pending;
    private long lineNumber = 1;

    Csv(Path file) throws IOException {
      super(file);
      in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      String header = in.readLine();
      if (!CsvTraceWriter.HEADER.equals(header)) {
        in.close();
        throw new IOException(
            "trace "
                + file
                + ": neither a binary trace nor a CSV trace with"
                + " header '"
                + CsvTraceWriter.HEADER
                + "'");
      }
      pending = in.readLine();
    }

    @Override
    public TraceStep next() throws IOException {
      if (pending == null) {
        return null;
      }
      List<String[]> rows = new ArrayList<>();
      long step = -1;
      while (pending != null) {
        lineNumber++;
        String[] f = pending.split(",", -1);
        if (f.length != 7) {
          throw new IOException(
              "trace "
                  + file
                  + ": line "
                  + lineNumber
                  + " has "
                  + f.length
                  + " fields, expected 7");
        }
        long s = Long.parseLong(f[0]);
        if (rows.isEmpty()) {
          step = s;
        } else if (s != step) {
          lineNumber--;
          break;
        }
        if (Integer.parseInt(f[2]) != rows.size()) {
          throw new IOException(
              "trace "
                  + file
                  + ": line "
                  + lineNumber
                  + " row index "
                  + f[2]
                  + ", expected "
                  + rows.size());
        }
        rows.add(f);
        pending = in.readLine();
      }
      int n = rows.size();
      int[] slots = new int[n];
      long[] stamps = new long[n];
      double[] p = new double[n];
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        String[] f = rows.get(i);
        slots[i] = Integer.parseInt(f[3]);
        stamps[i] = Long.parseLong(f[4]);
        p[i] = Double.parseDouble(f[5]);
        w[i] = Double.parseDouble(f[6]);
      }
      return new TraceStep(step, Double.parseDouble(rows.get(0)[1]), slots, stamps, p, w);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
