package io.tmr.experiments.registry;

import com.google.common.base.Preconditions;
import io.tmr.config.Config;
import io.tmr.config.ConfigSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A named, versioned, documented comparison: the arms (configs) it compares, the scales it runs at
 * (budget, seeds, downstream evaluation) and the layout of its table. The version is raised
 * whenever a change would make old results incomparable (arms, budgets, seeds); sweeps record it.
 *
 * @param source where the definition came from (a provider class or a YAML file), for {@code show}
 */
public record Experiment(
    String name,
    int version,
    String description,
    List<Arm> arms,
    List<Scale> scales,
    TableLayout table,
    String source) {
  public Experiment {
    Preconditions.checkArgument(
        name != null && name.matches("[a-z0-9][a-z0-9-]*"),
        "experiment name '%s' must be lower-case letters, digits or '-'",
        name);
    Preconditions.checkArgument(version >= 1, "experiment %s: version must be >= 1", name);
    description = description == null ? "" : description;
    arms = List.copyOf(arms);
    scales = List.copyOf(scales);
    Preconditions.checkArgument(!arms.isEmpty(), "experiment %s has no arms", name);
    Preconditions.checkArgument(!scales.isEmpty(), "experiment %s has no scales", name);
    Set<String> seen = new HashSet<>();
    for (Arm a : arms) {
      Preconditions.checkArgument(
          seen.add(a.name()), "experiment %s: arm %s declared twice", name, a.name());
    }
    Set<String> scaleNames = new HashSet<>();
    for (Scale s : scales) {
      Preconditions.checkArgument(
          scaleNames.add(s.name()), "experiment %s: scale %s declared twice", name, s.name());
    }
    Preconditions.checkArgument(
        seen.contains(table.baselineArm()),
        "experiment %s: baseline arm '%s' is not one of its arms %s",
        name,
        table.baselineArm(),
        arms.stream().map(Arm::name).collect(Collectors.toList()));
  }

  public Scale scale(String scaleName) {
    for (Scale s : scales) {
      if (s.name().equals(scaleName)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "experiment "
            + name
            + " has no scale '"
            + scaleName
            + "'; its scales: "
            + scales.stream().map(Scale::name).collect(Collectors.joining(", ")));
  }

  public Arm arm(String armName) {
    for (Arm a : arms) {
      if (a.name().equals(armName)) {
        return a;
      }
    }
    throw new IllegalArgumentException("experiment " + name + " has no arm '" + armName + "'");
  }

  /**
   * Checks every arm at every scale against the options of {@code spec} (unknown keys, bad values),
   * so a broken definition fails when it is loaded, not hours into a sweep.
   *
   * @throws io.tmr.config.ConfigException naming the experiment, its source, the arm and scale
   */
  public void validate(ConfigSpec spec) {
    for (Scale s : scales) {
      for (Arm a : arms) {
        try {
          Config.builder(spec).overrides(s.overrides()).overrides(a.overrides()).build();
        } catch (RuntimeException e) {
          throw new io.tmr.config.ConfigException(
              "experiment "
                  + name
                  + " ("
                  + source
                  + "), arm "
                  + a.name()
                  + " at scale "
                  + s.name()
                  + ": "
                  + e.getMessage(),
              e);
        }
      }
      if (!table.ablationKey().isEmpty() && spec.key(table.ablationKey()) == null) {
        throw new io.tmr.config.ConfigException(
            "experiment "
                + name
                + " ("
                + source
                + "): ablation key '"
                + table.ablationKey()
                + "' is not an option; did you mean '"
                + spec.nearest(table.ablationKey())
                + "'?");
      }
    }
  }
}
