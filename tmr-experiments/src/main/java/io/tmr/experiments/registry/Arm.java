package io.tmr.experiments.registry;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * One configuration an experiment compares: a short label (a row of the table, part of run ids) and
 * the config overrides that define it on top of the scale's budget.
 */
public record Arm(String name, String description, List<String> overrides) {
  public Arm {
    Preconditions.checkArgument(
        name != null && name.matches("[a-z0-9][a-z0-9.+-]*"),
        "arm name '%s' must be lower-case letters, digits, '.', '+' or '-'",
        name);
    description = description == null ? "" : description;
    overrides = List.copyOf(overrides);
    overrides.forEach(Overrides::key);
  }

  public static Arm of(String name, String description, String... overrides) {
    return new Arm(name, description, List.of(overrides));
  }
}
