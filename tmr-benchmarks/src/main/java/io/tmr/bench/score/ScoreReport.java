package io.tmr.bench.score;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a scorer.
 *
 * @param metrics metric name → value, in the official scripts' key order; percentages are ×100,
 *     counts ({@code total}) are integers, thresholds are probabilities. A correlation of a
 *     constant series is NaN (undefined, as scipy returns).
 * @param notes things the official script would print to stderr (e.g. unanswered questions)
 */
public record ScoreReport(Map<String, Number> metrics, List<String> notes) {

  public ScoreReport {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    notes = List.copyOf(notes);
  }

  /** The value of {@code key} as a double. */
  public double get(String key) {
    Number n = metrics.get(key);
    if (n == null) {
      throw new IllegalArgumentException("no metric '" + key + "' in " + metrics.keySet());
    }
    return n.doubleValue();
  }
}
