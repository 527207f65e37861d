package io.tmr.experiments.sweep;

import com.google.common.base.Preconditions;
import io.tmr.config.Config;
import io.tmr.experiments.registry.Evaluation;
import io.tmr.experiments.registry.Experiment;
import io.tmr.experiments.registry.Overrides;
import io.tmr.experiments.registry.Scale;
import io.tmr.experiments.registry.TableLayout;
import io.tmr.models.tmr.TmrOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a sweep runs: base overrides, axes whose cartesian product gives the configurations, seeds
 * (their own axis), the downstream evaluation and the report's table layout. Stored as {@code
 * sweep.json} in the sweep folder.
 *
 * @param experiment the registry experiment it came from ({@code ""} for an ad-hoc grid)
 * @param experimentVersion that experiment's version (0 for ad-hoc)
 * @param scale the experiment's scale ({@code ""} for ad-hoc)
 */
public record SweepDefinition(
    String name,
    String experiment,
    int experimentVersion,
    String scale,
    List<String> base,
    List<Axis> axes,
    List<Long> seeds,
    Evaluation evaluation,
    TableLayout table) {
  public static final String SEED_KEY = "run.seed";

  public SweepDefinition {
    Preconditions.checkArgument(
        name != null && name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"),
        "sweep name '%s' must be letters, digits, '.', '_' or '-'",
        name);
    experiment = experiment == null ? "" : experiment;
    scale = scale == null ? "" : scale;
    base = List.copyOf(base);
    axes = List.copyOf(axes);
    seeds = List.copyOf(seeds);
    Preconditions.checkArgument(!seeds.isEmpty(), "a sweep needs at least one seed");
    Preconditions.checkArgument(
        new HashSet<>(seeds).size() == seeds.size(), "seed listed twice: %s", seeds);
    Set<String> axisNames = new HashSet<>();
    for (Axis a : axes) {
      Preconditions.checkArgument(axisNames.add(a.name()), "axis %s given twice", a.name());
      for (Level l : a.levels()) {
        Preconditions.checkArgument(
            !Overrides.resolve(l.overrides()).containsKey(SEED_KEY),
            "set seeds with --seeds, not as an axis over %s",
            SEED_KEY);
      }
    }
    Preconditions.checkArgument(
        !Overrides.resolve(base).containsKey(SEED_KEY),
        "set seeds with --seeds, not with --set %s",
        SEED_KEY);
    Preconditions.checkNotNull(evaluation, "evaluation");
    Preconditions.checkNotNull(table, "table");
  }

  /** This definition with another table layout (a report view; nothing is written). */
  public SweepDefinition withTable(TableLayout layout) {
    return new SweepDefinition(
        name, experiment, experimentVersion, scale, base, axes, seeds, evaluation, layout);
  }

  /**
   * The sweep of an experiment at one scale: its arms as the one axis, the scale's seeds and
   * budget.
   */
  public static SweepDefinition of(Experiment e, Scale s, List<String> extraBase) {
    return new SweepDefinition(
        e.name() + "-" + s.name(),
        e.name(),
        e.version(),
        s.name(),
        Overrides.concat(s.overrides(), extraBase),
        List.of(Axis.arms(e.arms())),
        s.seeds(),
        s.evaluation(),
        e.table());
  }

  /**
   * Every trial: configurations in axis order (the first axis varies slowest), each with every
   * seed.
   */
  public List<TrialSpec> trials() {
    List<List<Level>> combos = new ArrayList<>();
    combos.add(List.of());
    for (Axis a : axes) {
      List<List<Level>> next = new ArrayList<>();
      for (List<Level> c : combos) {
        for (Level l : a.levels()) {
          List<Level> n = new ArrayList<>(c);
          n.add(l);
          next.add(n);
        }
      }
      combos = next;
    }
    List<TrialSpec> out = new ArrayList<>();
    Map<List<String>, List<String>> seen = new LinkedHashMap<>();
    for (List<Level> c : combos) {
      List<String> overrides = new ArrayList<>(base);
      List<String> labels = new ArrayList<>();
      for (Level l : c) {
        overrides.addAll(l.overrides());
        labels.add(l.label());
      }
      List<String> canonical = Overrides.canonical(overrides);
      String configId = TrialIds.configId(labels, canonical);
      List<String> prev = seen.put(canonical, labels);
      Preconditions.checkArgument(
          prev == null, "levels %s and %s give identical settings; drop one", prev, labels);
      for (long seed : seeds) {
        out.add(new TrialSpec(TrialIds.trialId(configId, seed), configId, labels, canonical, seed));
      }
    }
    return out;
  }

  /**
   * Checks every configuration against the pretraining options (a typo fails before anything runs).
   */
  public void validate() {
    for (TrialSpec t : trials()) {
      try {
        // Names and values of every option, and a TMR trial's batch composition: refused now, not
        // an hour into the sweep.
        io.tmr.models.tmr.Feeds.validate(
            Config.builder(TmrOptions.spec()).overrides(t.overrides()).build());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("trial " + t.id() + ": " + e.getMessage(), e);
      }
    }
  }

  /** The report row labels in axis order (one per configuration). */
  public List<String> arms() {
    List<String> out = new ArrayList<>();
    for (TrialSpec t : trials()) {
      if (!out.contains(t.arm())) {
        out.add(t.arm());
      }
    }
    return out;
  }
}
