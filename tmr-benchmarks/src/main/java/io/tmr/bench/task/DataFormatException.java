package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkNotNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Malformed task input (dataset or predictions file). The message always names the file and where
 * in it: {@code line 17} for TSV, a JSON path such as {@code $.data[3].paragraphs[0].qas[2].id} for
 * JSON, and the field when one is to blame.
 */
public final class DataFormatException extends IOException {

  private final Path file;
  private final String location;
  private final String field;
  private final String problem;

  /**
   * @param file the file being read
   * @param location {@code "line N"} or a JSON path
   * @param field the field (column name or JSON key) at fault, or {@code null} when the whole row
   *     or document is
   * @param problem what is wrong, and what was expected
   */
  public DataFormatException(Path file, String location, String field, String problem) {
    this(file, location, field, problem, null);
  }

  public DataFormatException(
      Path file, String location, String field, String problem, Throwable cause) {
    super(format(file, location, field, problem), cause);
    this.file = checkNotNull(file, "file");
    this.location = checkNotNull(location, "location");
    this.field = field;
    this.problem = checkNotNull(problem, "problem");
  }

  public static DataFormatException atLine(Path file, int line, String field, String problem) {
    return new DataFormatException(file, "line " + line, field, problem);
  }

  private static String format(Path file, String location, String field, String problem) {
    return file
        + ": "
        + location
        + (field == null ? "" : ": field '" + field + "'")
        + ": "
        + problem;
  }

  public Path file() {
    return file;
  }

  public String location() {
    return location;
  }

  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  public String problem() {
    return problem;
  }
}
