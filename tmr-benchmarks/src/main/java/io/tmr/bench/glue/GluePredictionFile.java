package io.tmr.bench.glue;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.bench.task.ClassLabel;
import io.tmr.bench.task.DataFormatException;
import io.tmr.bench.task.Label;
import io.tmr.bench.task.RegressionTarget;
import io.tmr.bench.task.TaskKind;
import io.tmr.bench.task.TextTask;
import io.tmr.core.io.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * GLUE prediction files in the leaderboard layout: header {@code index\tprediction}, then one row
 * per example, the prediction written as the task's label string ({@code entailment}, {@code 1})
 * or, for STS-B, a decimal number.
 */
public final class GluePredictionFile {

  /** The header line, without its newline. */
  public static final String HEADER = "index\tprediction";

  private static final Pattern NON_NEGATIVE_INT = Pattern.compile("\\d{1,9}");

  private GluePredictionFile() {}

  /**
   * Writes predictions, ordered by index, atomically (temporary file, then rename).
   *
   * @param predictions index → predicted label; every label must belong to {@code task}
   */
  public static void write(Path file, TextTask task, Map<Integer, ? extends Label> predictions)
      throws IOException {
    TreeMap<Integer, Label> sorted = new TreeMap<>();
    predictions.forEach(
        (index, label) -> {
          checkArgument(index != null && index >= 0, "bad index %s", index);
          checkBelongs(task, label);
          sorted.put(index, label);
        });
    AtomicFiles.write(
        file,
        out -> {
          Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
          w.write(HEADER);
          w.write('\n');
          for (Map.Entry<Integer, Label> e : sorted.entrySet()) {
            w.write(Integer.toString(e.getKey()));
            w.write('\t');
            w.write(e.getValue().text());
            w.write('\n');
          }
          w.flush();
        });
  }

  /**
   * Reads a prediction file for {@code task}.
   *
   * @return index → prediction, in file order
   * @throws DataFormatException on a wrong header, a row without exactly two columns, a bad or
   *     repeated index, or a prediction that is not a label of the task (a number for regression)
   */
  public static Map<Integer, Label> read(Path file, TextTask task) throws IOException {
    Map<Integer, Label> out = new LinkedHashMap<>();
    Map<Integer, Integer> lineOf = new LinkedHashMap<>();
    try (Utf8Lines lines = new Utf8Lines(file)) {
      String header = lines.next();
      if (header == null) {
        throw new DataFormatException(
            file, "line 1", null, "empty file; expected the header index\\tprediction");
      }
      if (!header.equals(HEADER)) {
        throw DataFormatException.atLine(
            file, 1, null, "expected the header index\\tprediction, found \"" + header + "\"");
      }
      String line;
      while ((line = lines.next()) != null) {
        int lineNo = lines.lineNumber();
        String[] fields = line.split("\t", -1);
        if (fields.length != 2) {
          throw DataFormatException.atLine(
              file,
              lineNo,
              null,
              "expected 2 tab-separated columns (index, prediction), found " + fields.length);
        }
        if (!NON_NEGATIVE_INT.matcher(fields[0]).matches()) {
          throw DataFormatException.atLine(
              file, lineNo, "index", "not a non-negative integer: \"" + fields[0] + "\"");
        }
        int index = Integer.parseInt(fields[0]);
        Label label;
        try {
          label = task.parseLabel(fields[1]);
        } catch (IllegalArgumentException e) {
          throw DataFormatException.atLine(file, lineNo, "prediction", e.getMessage());
        }
        Integer previous = lineOf.putIfAbsent(index, lineNo);
        if (previous != null) {
          throw DataFormatException.atLine(
              file, lineNo, "index", "index " + index + " already predicted on line " + previous);
        }
        out.put(index, label);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  private static void checkBelongs(TextTask task, Label label) {
    if (task.kind() == TaskKind.REGRESSION) {
      checkArgument(
          label instanceof RegressionTarget,
          "%s predictions are numbers, got %s",
          task.name(),
          label);
    } else {
      checkArgument(
          label instanceof ClassLabel c
              && c.id() < task.labels().size()
              && task.labels().get(c.id()).equals(c.name()),
          "%s is not a label of %s %s",
          label,
          task.name(),
          task.labels());
    }
  }
}
