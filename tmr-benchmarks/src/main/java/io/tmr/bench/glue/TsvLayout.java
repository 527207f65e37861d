package io.tmr.bench.glue;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import java.util.List;

/**
 * The column layout of one split's TSV file: tab-separated, no quoting (the reference readers use
 * {@code csv.reader(delimiter='\t', quotechar=None)}), one row per line.
 *
 * <p>Built by column name, e.g. {@code TsvLayout.header("index", "sentence1", "sentence2",
 * "label").pair("sentence1", "sentence2").label("label").index("index")}.
 *
 * @param columnNames every column, in order: the exact expected header, or the names used in error
 *     messages for a headerless file
 * @param headerLine whether the first line is a header (checked cell by cell)
 * @param textA column of the first sentence
 * @param textB column of the second sentence, or {@link #NONE}
 * @param label column of the gold label, or {@link #NONE} (test files)
 * @param index column holding the leaderboard index, or {@link #NONE} to number rows by position
 */
public record TsvLayout(
    List<String> columnNames, boolean headerLine, int textA, int textB, int label, int index) {

  /** Marks an absent column. */
  public static final int NONE = -1;

  public TsvLayout {
    columnNames = List.copyOf(columnNames);
    checkArgument(!columnNames.isEmpty(), "a layout needs columns");
    checkArgument(
        columnNames.stream().distinct().count() == columnNames.size(),
        "column names must be distinct: %s",
        columnNames);
    for (int c : new int[] {textB, label, index}) {
      checkArgument(c == NONE || (c >= 0 && c < columnNames.size()), "column %s out of range", c);
    }
    checkArgument(
        textA == NONE || (textA >= 0 && textA < columnNames.size()),
        "column %s out of range",
        textA);
  }

  /** A file whose first line is exactly these column names. */
  public static TsvLayout header(String... names) {
    return new TsvLayout(List.of(names), true, NONE, NONE, NONE, NONE);
  }

  /** A file without a header line (CoLA train/dev); the names only label error messages. */
  public static TsvLayout headerless(String... names) {
    return new TsvLayout(List.of(names), false, NONE, NONE, NONE, NONE);
  }

  public TsvLayout text(String column) {
    return new TsvLayout(columnNames, headerLine, column(column), NONE, label, index);
  }

  public TsvLayout pair(String first, String second) {
    return new TsvLayout(columnNames, headerLine, column(first), column(second), label, index);
  }

  public TsvLayout label(String column) {
    return new TsvLayout(columnNames, headerLine, textA, textB, column(column), index);
  }

  public TsvLayout index(String column) {
    return new TsvLayout(columnNames, headerLine, textA, textB, label, column(column));
  }

  public int columns() {
    return columnNames.size();
  }

  public boolean labeled() {
    return label != NONE;
  }

  public boolean sentencePair() {
    return textB != NONE;
  }

  /** Checks that the layout names its text column(s); called once a task is fully specified. */
  void checkComplete() {
    checkState(textA != NONE, "layout %s names no text column", columnNames);
  }

  private int column(String name) {
    int i = columnNames.indexOf(name);
    checkArgument(i >= 0, "no column '%s' in %s", name, columnNames);
    return i;
  }
}
