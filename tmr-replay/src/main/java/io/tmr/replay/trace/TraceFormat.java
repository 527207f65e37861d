package io.tmr.replay.trace;

/** On-disk format of a replay trace. */
public enum TraceFormat {
  /** Fixed-layout little records behind a magic header; compact and fast. */
  BINARY("binary"),
  /** One line per sampled row with a header line; for spreadsheets and quick greps. */
  CSV("csv");

  private final String label;

  TraceFormat(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static TraceFormat parse(String value) {
    for (TraceFormat format : values()) {
      if (format.label.equals(value)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "replay.traceFormat must be 'binary' or 'csv', got '" + value + "'");
  }
}
