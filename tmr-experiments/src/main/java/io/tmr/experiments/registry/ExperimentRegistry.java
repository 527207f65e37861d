package io.tmr.experiments.registry;

import io.tmr.config.ConfigSpec;
import io.tmr.config.plugin.PluginException;
import io.tmr.config.plugin.PluginInfo;
import io.tmr.config.plugin.Plugins;
import io.tmr.core.io.TmrHome;
import io.tmr.models.tmr.TmrOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All known experiments: those of every {@link ExperimentProvider} on the class path and in the
 * plugin jars, then the YAML files of the experiment folders ({@link #defaultFolders()} plus any
 * given). Every definition is validated against the pretraining options when loaded. A YAML file
 * that cannot be read or validated, or that reuses a name, is set aside as a {@link Problem} so the
 * other experiments stay usable; asking for it by name gives its error. Experiments from Java
 * providers must be valid and uniquely named (a broken one fails the load, naming its jar).
 */
public final class ExperimentRegistry {
  /**
   * A YAML experiment file that was set aside: its file, the experiment's name when the file got
   * that far (else the file's name without extension), and why.
   */
  public record Problem(Path file, String name, String message) {}

  private final Map<String, Experiment> byName;
  private final List<Problem> problems;

  private ExperimentRegistry(Map<String, Experiment> byName, List<Problem> problems) {
    this.byName = byName;
    this.problems = List.copyOf(problems);
  }

  /**
   * The folders searched for YAML experiments: {@code ./experiments}, {@code
   * $TMR_HOME/experiments}, and every entry of the path list {@code $TMR_EXPERIMENTS}.
   */
  public static List<Path> defaultFolders() {
    List<Path> out =
        new ArrayList<>(List.of(Path.of("experiments"), TmrHome.root().resolve("experiments")));
    String env = System.getenv("TMR_EXPERIMENTS");
    if (env != null && !env.isBlank()) {
      for (String p : env.split(java.io.File.pathSeparator)) {
        if (!p.isBlank()) {
          out.add(Path.of(p));
        }
      }
    }
    return out;
  }

  /**
   * Providers from the class path and the plugin jars ({@link Plugins#current()}) plus the default
   * folders plus {@code extraFolders}.
   */
  public static ExperimentRegistry load(List<Path> extraFolders) throws IOException {
    List<Path> folders = new ArrayList<>(defaultFolders());
    folders.addAll(extraFolders);
    List<Experiment> all = new ArrayList<>();
    Plugins plugins = Plugins.current();
    for (ExperimentProvider p : plugins.load(ExperimentProvider.class)) {
      String jar = plugins.jarOf(p.getClass()).map(j -> " (jar " + j.path() + ")").orElse("");
      for (Experiment e : experiments(plugins, p)) {
        all.add(
            jar.isEmpty()
                ? e
                : new Experiment(
                    e.name(),
                    e.version(),
                    e.description(),
                    e.arms(),
                    e.scales(),
                    e.table(),
                    e.source() + jar));
      }
    }
    Map<String, Experiment> m = validated(all);
    ConfigSpec spec = TmrOptions.spec();
    List<Problem> problems = new ArrayList<>();
    for (Path folder : folders) {
      for (Path f : YamlExperiments.filesIn(folder)) {
        String name = stem(f);
        try {
          Experiment e = YamlExperiments.load(f);
          name = e.name();
          validate(e, spec);
          Experiment prev = m.putIfAbsent(e.name(), e);
          if (prev != null) {
            throw new IllegalArgumentException(duplicate(prev, e));
          }
        } catch (IOException | IllegalArgumentException e) {
          String message = e.getMessage();
          problems.add(
              new Problem(f, name, message.contains(f.toString()) ? message : f + ": " + message));
        }
      }
    }
    return new ExperimentRegistry(m, problems);
  }

  private static List<Experiment> experiments(Plugins plugins, ExperimentProvider p) {
    try {
      return p.experiments();
    } catch (RuntimeException | LinkageError e) {
      throw new PluginException(
          "experiment provider " + plugins.describe(p.getClass()) + " failed: " + e, e);
    }
  }

  /**
   * The experiments of every provider (built-in and plugin jars), each with its provider's origin.
   */
  public static List<PluginInfo> plugins() {
    Plugins plugins = Plugins.current();
    List<PluginInfo> out = new ArrayList<>();
    for (ExperimentProvider p : plugins.load(ExperimentProvider.class)) {
      for (Experiment e : experiments(plugins, p)) {
        out.add(plugins.info(Plugins.EXPERIMENT, e.name(), p.getClass()));
      }
    }
    return out;
  }

  /** A registry of exactly these experiments (validated). */
  public static ExperimentRegistry of(Collection<Experiment> experiments) {
    return new ExperimentRegistry(validated(experiments), List.of());
  }

  private static Map<String, Experiment> validated(Collection<Experiment> experiments) {
    ConfigSpec spec = TmrOptions.spec();
    Map<String, Experiment> m = new LinkedHashMap<>();
    for (Experiment e : experiments) {
      validate(e, spec);
      Experiment prev = m.putIfAbsent(e.name(), e);
      if (prev != null) {
        throw new IllegalArgumentException(duplicate(prev, e));
      }
    }
    return m;
  }

  private static void validate(Experiment e, ConfigSpec spec) {
    try {
      e.validate(spec);
    } catch (IllegalArgumentException bad) {
      String m = bad.getMessage();
      throw new IllegalArgumentException(m.contains(e.source()) ? m : e.source() + ": " + m, bad);
    }
  }

  private static String duplicate(Experiment first, Experiment second) {
    return "two experiments are named '"
        + second.name()
        + "': "
        + first.source()
        + " and "
        + second.source()
        + "; rename one";
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  /** The YAML files set aside, in the order they were read. */
  public List<Problem> problems() {
    return problems;
  }

  public List<Experiment> all() {
    return List.copyOf(byName.values());
  }

  public Experiment get(String name) {
    Experiment e = byName.get(name);
    if (e == null) {
      for (Problem p : problems) {
        if (p.name().equals(name)) {
          throw new IllegalArgumentException(p.message());
        }
      }
      throw new IllegalArgumentException(
          "no experiment named '"
              + name
              + "'"
              + nearest(name)
              + "; `tmr experiments list` shows them"
              + (problems.isEmpty()
                  ? ""
                  : " (and the files it could not read: "
                      + problems.stream()
                          .map(p -> p.file().toString())
                          .collect(java.util.stream.Collectors.joining(", "))
                      + ")"));
    }
    return e;
  }

  private String nearest(String name) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String k : byName.keySet()) {
      int d = distance(name, k);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best == null || bestD > Math.max(3, name.length() / 2)
        ? ""
        : "; did you mean '" + best + "'?";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] =
            Math.min(
                prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1),
                Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
