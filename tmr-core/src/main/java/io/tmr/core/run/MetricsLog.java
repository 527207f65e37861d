package io.tmr.core.run;

import com.google.common.base.Preconditions;
import io.tmr.core.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv}: a header of column names (the first is {@code step}), then one row per
 * logged step, flushed as written. Reopening for a resumed run keeps only the rows up to the
 * checkpoint's step, so the file of an interrupted and resumed run equals the uninterrupted one.
 */
public final class MetricsLog implements AutoCloseable {
  private final Path file;
  private final List<String> columns;
  private final BufferedWriter out;

  private MetricsLog(Path file, List<String> columns, BufferedWriter out) {
    this.file = file;
    this.columns = List.copyOf(columns);
    this.out = out;
  }

  /** Creates (or truncates) the file with the given columns. */
  public static MetricsLog create(Path file, List<String> columns) throws IOException {
    Preconditions.checkArgument(
        !columns.isEmpty() && columns.get(0).equals("step"), "the first column must be 'step'");
    AtomicFiles.writeString(file, String.join(",", columns) + "\n");
    return new MetricsLog(
        file,
        columns,
        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
  }

  /**
   * Reopens for a run resumed at {@code step}: rows with a larger step are dropped (they were
   * logged after the checkpoint and will be logged again). The header must match.
   */
  public static MetricsLog resume(Path file, List<String> columns, long step) throws IOException {
    if (!Files.isRegularFile(file)) {
      return create(file, columns);
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !lines.get(0).equals(String.join(",", columns))) {
      throw new IOException(
          file + ": header differs from this run's metrics; cannot resume into it");
    }
    StringBuilder kept = new StringBuilder(lines.get(0)).append('\n');
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      int comma = line.indexOf(',');
      long rowStep;
      try {
        rowStep = Long.parseLong(comma < 0 ? line : line.substring(0, comma));
      } catch (NumberFormatException e) {
        break; // a torn last line from a kill: drop it and everything after
      }
      if (rowStep > step || line.split(",", -1).length != columns.size()) {
        break;
      }
      kept.append(line).append('\n');
    }
    AtomicFiles.writeString(file, kept.toString());
    return new MetricsLog(
        file,
        columns,
        Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
  }

  public List<String> columns() {
    return columns;
  }

  /** Appends one row; values in column order (numbers written with full precision). */
  public void log(double... values) throws IOException {
    Preconditions.checkArgument(
        values.length == columns.size(), "%s values for %s columns", values.length, columns.size());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      double v = values[i];
      if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        sb.append((long) v);
      } else {
        sb.append(String.format(Locale.ROOT, "%.9g", v));
      }
    }
    out.write(sb.append('\n').toString());
    out.flush();
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** Reads a metrics file into columns → values (for plots and reports). */
  public static java.util.Map<String, double[]> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Preconditions.checkArgument(!lines.isEmpty(), "%s is empty", file);
    String[] header = lines.get(0).split(",");
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] cells = lines.get(i).split(",", -1);
      if (cells.length != header.length) {
        throw new IOException(
            file + ":" + (i + 1) + ": " + cells.length + " cells, header has " + header.length);
      }
      double[] row = new double[cells.length];
      for (int c = 0; c < cells.length; c++) {
        try {
          row[c] = cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]);
        } catch (NumberFormatException e) {
          throw new IOException(
              file + ":" + (i + 1) + ": column '" + header[c] + "' is not a number: " + cells[c]);
        }
      }
      rows.add(row);
    }
    java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
    for (int c = 0; c < header.length; c++) {
      double[] col = new double[rows.size()];
      for (int r = 0; r < rows.size(); r++) {
        col[r] = rows.get(r)[c];
      }
      out.put(header[c], col);
    }
    return out;
  }

  @Override
  public String toString() {
    return "MetricsLog" + Arrays.toString(columns.toArray());
  }
}
