package io.tmr.experiments.sweep;

import java.util.List;

/**
 * One trial of a sweep: a run of the pretraining config {@code overrides} with {@code seed}, plus
 * the sweep's downstream evaluation.
 *
 * @param id the trial folder's name: {@code <configId>-s<seed>}
 * @param configId readable labels and a hash of the resolved overrides; equal for equal settings
 * @param labels one level label per axis, in axis order
 * @param overrides base and level overrides, canonical (sorted, last value of a key), without the
 *     seed
 */
public record TrialSpec(
    String id, String configId, List<String> labels, List<String> overrides, long seed) {
  public TrialSpec {
    labels = List.copyOf(labels);
    overrides = List.copyOf(overrides);
  }

  /** The row this trial belongs to in a report: its level labels joined by {@code ", "}. */
  public String arm() {
    return String.join(", ", labels);
  }
}
