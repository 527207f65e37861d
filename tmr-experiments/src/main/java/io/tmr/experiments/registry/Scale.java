package io.tmr.experiments.registry;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The size at which an experiment runs: the pretraining budget (model shape, steps, batch,
 * evaluation cadence as overrides), the pretraining seeds and the downstream evaluation. {@code
 * laptop} fits a 2-core CPU, {@code paper} is ELECTRA-Small meant for a GPU, {@code smoke} proves
 * the pipeline in seconds.
 */
public record Scale(
    String name,
    String description,
    List<String> overrides,
    List<Long> seeds,
    Evaluation evaluation) {
  public Scale {
    Preconditions.checkArgument(
        name != null && name.matches("[a-z0-9][a-z0-9-]*"),
        "scale name '%s' must be lower-case letters, digits or '-'",
        name);
    description = description == null ? "" : description;
    overrides = List.copyOf(overrides);
    overrides.forEach(Overrides::key);
    seeds = List.copyOf(seeds);
    Preconditions.checkArgument(!seeds.isEmpty(), "scale %s has no seeds", name);
    Preconditions.checkArgument(
        seeds.stream().distinct().count() == seeds.size(),
        "scale %s repeats a seed: %s",
        name,
        seeds);
    Preconditions.checkNotNull(evaluation, "scale %s has no evaluation", name);
  }

  /** The same scale with another evaluation (e.g. {@code --pretraining-only}). */
  public Scale withEvaluation(Evaluation e) {
    return new Scale(name, description, overrides, seeds, e);
  }

  /** The same scale with other pretraining seeds. */
  public Scale withSeeds(List<Long> s) {
    return new Scale(name, description, overrides, s, evaluation);
  }
}
