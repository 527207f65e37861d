package io.tmr.bench.glue;

import static com.google.common.base.Preconditions.checkNotNull;

import io.tmr.bench.task.ClassLabel;
import io.tmr.bench.task.DataFormatException;
import io.tmr.bench.task.Label;
import io.tmr.bench.task.ReadOptions;
import io.tmr.bench.task.RegressionTarget;
import io.tmr.bench.task.Split;
import io.tmr.bench.task.TaskKind;
import io.tmr.bench.task.TextDataset;
import io.tmr.bench.task.TextExample;
import io.tmr.bench.task.TextMetric;
import io.tmr.bench.task.TextTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@link TextTask} read from GLUE-style TSV files, described by a {@link TsvTaskSpec}.
 *
 * <p>Reading follows the reference GLUE readers (tab-separated, no quote processing, text kept
 * verbatim, a UTF-8 BOM allowed at the very start of the file) but is stricter about everything the
 * reference would silently mis-read or crash on: every row must have the layout's column count (QQP
 * may skip such rows instead), the header must be the expected one, labels must be the task's,
 * indexes must be unique non-negative integers, and a BOM or CR inside the file is an error. Every
 * error names the file, the line and the field.
 *
 * <p>A user task is a subclass with a public no-argument constructor passing its spec, registered
 * in {@code META-INF/services/io.tmr.bench.task.Task}.
 */
public abstract class TsvTask implements TextTask {

  /**
   * Decimal notation as the GLUE files write scores; rejects Python-isms such as "nan" or "1_0".
   */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

  private static final Pattern NON_NEGATIVE_INT = Pattern.compile("\\d{1,9}");

  private final TsvTaskSpec spec;

  protected TsvTask(TsvTaskSpec spec) {
    this.spec = checkNotNull(spec, "spec");
  }

  public TsvTaskSpec spec() {
    return spec;
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public TaskKind kind() {
    return spec.kind();
  }

  @Override
  public List<String> labels() {
    return spec.labels();
  }

  @Override
  public boolean sentencePair() {
    return spec.splits().values().iterator().next().layout().sentencePair();
  }

  @Override
  public boolean unorderedPair() {
    return spec.unorderedPair();
  }

  @Override
  public List<TextMetric> metrics() {
    return spec.metrics();
  }

  @Override
  public Optional<String> positiveLabel() {
    return spec.positiveLabel();
  }

  @Override
  public Optional<String> glueAverageGroup() {
    return spec.glueAverageGroup();
  }

  @Override
  public String directoryName() {
    return spec.directoryName();
  }

  @Override
  public Set<Split> splits() {
    return spec.splits().keySet();
  }

  @Override
  public String fileName(Split split) {
    return splitFile(split).fileName();
  }

  /** The column layout of {@code split}'s file. */
  public TsvLayout layout(Split split) {
    return splitFile(split).layout();
  }

  @Override
  public String leaderboardFileName() {
    return spec.leaderboardFileName();
  }

  @Override
  public Label parseLabel(String text) {
    checkNotNull(text, "text");
    if (kind() == TaskKind.REGRESSION) {
      if (!DECIMAL.matcher(text).matches()) {
        throw new IllegalArgumentException(
            "not a decimal number: \"" + text + "\"" + quoteHint(text));
      }
      double value = Double.parseDouble(text);
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("out of double range: \"" + text + "\"");
      }
      return new RegressionTarget(value);
    }
    int id = labels().indexOf(text);
    if (id < 0) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a label of "
              + name()
              + "; expected one of "
              + labels()
              + quoteHint(text));
    }
    return new ClassLabel(id, text);
  }

  @Override
  public TextDataset read(Path file, Split split, ReadOptions options) throws IOException {
    checkNotNull(options, "options");
    TsvLayout layout = layout(split);
    List<TextExample> examples = new ArrayList<>();
    List<Integer> skipped = new ArrayList<>();
    Map<Integer, Integer> lineOfIndex = new HashMap<>();
    try (Utf8Lines lines = new Utf8Lines(file)) {
      String line;
      boolean sawHeader = false;
      while ((line = lines.next()) != null) {
        int lineNo = lines.lineNumber();
        String[] fields = line.split("\t", -1);
        checkControlCharacters(file, lineNo, line, fields, layout);
        if (layout.headerLine() && !sawHeader) {
          checkHeader(file, lineNo, fields, layout, split);
          sawHeader = true;
          continue;
        }
        if (fields.length != layout.columns()) {
          if (spec.skipMalformedRows()) {
            skipped.add(lineNo);
            continue;
          }
          throw DataFormatException.atLine(file, lineNo, null, columnCountProblem(fields, layout));
        }
        int index =
            layout.index() == TsvLayout.NONE
                ? examples.size()
                : parseIndex(file, lineNo, fields, layout);
        Integer previous = lineOfIndex.putIfAbsent(index, lineNo);
        if (previous != null) {
          throw DataFormatException.atLine(
              file,
              lineNo,
              columnName(layout, layout.index()),
              "index " + index + " already used on line " + previous);
        }
        Label gold = layout.labeled() ? parseGold(file, lineNo, fields, layout) : null;
        String textB = layout.sentencePair() ? fields[layout.textB()] : null;
        examples.add(new TextExample(index, fields[layout.textA()], textB, gold, lineNo, false));
      }
      if (layout.headerLine() && !sawHeader) {
        throw new DataFormatException(
            file,
            "line 1",
            null,
            "empty file; expected the header " + String.join("\\t", layout.columnNames()));
      }
      if (examples.isEmpty()) {
        // Fine-tuning, evaluation and scoring all need at least one example; say which file.
        throw new DataFormatException(
            file,
            "line " + (lines.lineNumber() + 1),
            null,
            skipped.isEmpty()
                ? "no examples" + (sawHeader ? " after the header" : "")
                : "no examples; all " + skipped.size() + " rows are malformed and were skipped");
      }
    }
    if (options.doubleUnorderedPairs() && unorderedPair()) {
      int n = examples.size();
      for (int i = 0; i < n; i++) {
        examples.add(examples.get(i).withSentencesSwapped());
      }
    }
    return new TextDataset(name(), split, file, examples, skipped);
  }

  private TsvTaskSpec.SplitFile splitFile(Split split) {
    TsvTaskSpec.SplitFile f = spec.splits().get(checkNotNull(split, "split"));
    if (f == null) {
      throw new IllegalArgumentException(
          name() + " has no " + split + " split; it has " + splits());
    }
    return f;
  }

  private void checkControlCharacters(
      Path file, int lineNo, String line, String[] fields, TsvLayout layout)
      throws DataFormatException {
    if (line.indexOf(Utf8Lines.BOM) < 0 && line.indexOf('\r') < 0) {
      return;
    }
    for (int c = 0; c < fields.length; c++) {
      String where = c < layout.columns() ? columnName(layout, c) : "column " + (c + 1);
      if (fields[c].indexOf(Utf8Lines.BOM) >= 0) {
        throw DataFormatException.atLine(
            file,
            lineNo,
            where,
            "byte order mark (U+FEFF) inside the file; "
                + "a BOM may only open the file (were files concatenated?)");
      }
      if (fields[c].indexOf('\r') >= 0) {
        throw DataFormatException.atLine(
            file,
            lineNo,
            where,
            "carriage return inside a line; " + "lines must end in LF or CRLF");
      }
    }
  }

  private void checkHeader(Path file, int lineNo, String[] fields, TsvLayout layout, Split split)
      throws DataFormatException {
    List<String> expected = layout.columnNames();
    for (int c = 0; c < Math.max(fields.length, expected.size()); c++) {
      String want = c < expected.size() ? expected.get(c) : null;
      String got = c < fields.length ? fields[c] : null;
      if (want == null || !want.equals(got)) {
        throw DataFormatException.atLine(
            file,
            lineNo,
            "column " + (c + 1),
            "header is not the "
                + name()
                + " "
                + split.name().toLowerCase(Locale.ROOT)
                + " layout: expected "
                + (want == null ? "no column" : "\"" + want + "\"")
                + ", found "
                + (got == null ? "no column" : "\"" + got + "\"")
                + " (expected header: "
                + String.join("\\t", expected)
                + ")");
      }
    }
  }

  private int parseIndex(Path file, int lineNo, String[] fields, TsvLayout layout)
      throws DataFormatException {
    String text = fields[layout.index()];
    if (!NON_NEGATIVE_INT.matcher(text).matches()) {
      throw DataFormatException.atLine(
          file,
          lineNo,
          columnName(layout, layout.index()),
          "not a non-negative integer: \"" + text + "\"" + quoteHint(text));
    }
    return Integer.parseInt(text);
  }

  private Label parseGold(Path file, int lineNo, String[] fields, TsvLayout layout)
      throws DataFormatException {
    String field = columnName(layout, layout.label());
    Label gold;
    try {
      gold = parseLabel(fields[layout.label()]);
    } catch (IllegalArgumentException e) {
      throw DataFormatException.atLine(file, lineNo, field, "bad label: " + e.getMessage());
    }
    if (gold instanceof RegressionTarget t
        && (t.value() < spec.minTarget() || t.value() > spec.maxTarget())) {
      throw DataFormatException.atLine(
          file,
          lineNo,
          field,
          "bad label: "
              + t.value()
              + " is outside ["
              + spec.minTarget()
              + ", "
              + spec.maxTarget()
              + "]");
    }
    return gold;
  }

  private static String columnName(TsvLayout layout, int column) {
    return layout.columnNames().get(column) + " (column " + (column + 1) + ")";
  }

  private static String columnCountProblem(String[] fields, TsvLayout layout) {
    StringBuilder sb =
        new StringBuilder("expected ")
            .append(layout.columns())
            .append(" tab-separated columns (")
            .append(String.join(", ", layout.columnNames()))
            .append("), found ")
            .append(fields.length);
    for (int c = 0; c < fields.length; c++) {
      if (fields[c].chars().filter(ch -> ch == '"').count() % 2 == 1) {
        sb.append("; column ")
            .append(c + 1)
            .append(
                " has an unbalanced double quote: these files are "
                    + "read without quoting, so a quoted field cannot span a tab or line break "
                    + "(was the file re-saved with CSV quoting?)");
        break;
      }
    }
    return sb.toString();
  }

  private static String quoteHint(String text) {
    return text.indexOf('"') >= 0
        ? " (stray double quote: these files are read without quoting)"
        : "";
  }
}
