package io.tmr.experiments.cli;

import io.tmr.experiments.registry.Arm;
import io.tmr.experiments.registry.Experiment;
import io.tmr.experiments.registry.ExperimentRegistry;
import io.tmr.experiments.registry.Scale;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tmr experiments list|show}: the experiment registry. */
@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    description = {
      "The experiment registry: built-in experiments, plugins on the class path, and YAML files in ./experiments,",
      "$TMR_HOME/experiments, $TMR_EXPERIMENTS and --experiments folders."
    },
    subcommands = {ExperimentsCommand.ListCommand.class, ExperimentsCommand.ShowCommand.class})
final class ExperimentsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * The registry; each YAML file it set aside is one line on stderr (the other experiments stay
   * usable).
   */
  static ExperimentRegistry registry(List<Path> folders) throws java.io.IOException {
    ExperimentRegistry r = ExperimentRegistry.load(folders);
    for (ExperimentRegistry.Problem p : r.problems()) {
      System.err.println("tmr: skipped experiment file " + p.message());
    }
    return r;
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List every experiment: name, version, arms, scales, description.",
        "Experiment files that cannot be read are named on stderr and the exit code is 1."
      })
  static final class ListCommand implements Callable<Integer> {
    @Option(
        names = "--experiments",
        paramLabel = "DIR",
        description = "Another folder of YAML experiments (repeatable).")
    List<Path> folders = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      ExperimentRegistry r = registry(folders);
      System.out.printf(
          "%-20s %3s  %-58s %-20s %s%n", "experiment", "v", "arms", "scales", "description");
      for (Experiment e : r.all()) {
        String arms = e.arms().stream().map(Arm::name).collect(Collectors.joining(", "));
        String scales = e.scales().stream().map(Scale::name).collect(Collectors.joining(", "));
        String d = e.description();
        System.out.printf(
            "%-20s %3d  %-58s %-20s %s%n",
            e.name(), e.version(), arms, scales, d.length() > 90 ? d.substring(0, 87) + "..." : d);
      }
      return r.problems().isEmpty() ? 0 : 1;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Everything about one experiment: arms, scales (budget, seeds, evaluation), table layout, how to run it.")
  static final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(
        names = "--experiments",
        paramLabel = "DIR",
        description = "Another folder of YAML experiments (repeatable).")
    List<Path> folders = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Experiment e = registry(folders).get(name);
      StringBuilder b = new StringBuilder();
      b.append("# ")
          .append(e.name())
          .append(" (version ")
          .append(e.version())
          .append(")\n\n")
          .append(e.description())
          .append("\n\n");
      b.append("source: ")
          .append(e.source())
          .append("\n\n## Arms\n\n| arm | overrides | description |\n|---|---|---|\n");
      for (Arm a : e.arms()) {
        b.append("| ")
            .append(a.name())
            .append(a.name().equals(e.table().baselineArm()) ? " (baseline)" : "")
            .append(" | `")
            .append(String.join(" ", a.overrides()))
            .append("` | ")
            .append(a.description())
            .append(" |\n");
      }
      b.append("\n## Scales\n");
      for (Scale s : e.scales()) {
        b.append("\n### ").append(s.name()).append("\n\n").append(s.description()).append("\n\n");
        b.append("- budget: `").append(String.join(" ", s.overrides())).append("`\n");
        b.append("- seeds: ")
            .append(s.seeds())
            .append(" (")
            .append(s.seeds().size() * e.arms().size())
            .append(" trials)\n");
        b.append("- evaluation: ").append(s.evaluation().describe()).append('\n');
        b.append("- run: `tmr sweep --experiment ")
            .append(e.name())
            .append(" --scale ")
            .append(s.name())
            .append("`\n");
      }
      b.append("\n## Table\n\n- rows: arms; baseline ")
          .append(e.table().baselineArm())
          .append("\n- pretraining columns: ")
          .append(e.table().pretrainingMetrics())
          .append(" (validation, median over seeds with IQR)\n");
      if (!e.table().ablationKey().isEmpty()) {
        b.append("- ablation curve over `").append(e.table().ablationKey()).append("`\n");
      }
      System.out.print(b);
      return 0;
    }
  }
}
