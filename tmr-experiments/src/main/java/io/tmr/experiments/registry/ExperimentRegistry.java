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
 * given). Two experiments with one name are an error naming both sources; every definition is
 * validated against the pretraining options when loaded.
 */
public final class ExperimentRegistry {
  private final Map<String, Experiment> byName;

  private ExperimentRegistry(Map<String, Experiment> byName) {
    this.byName = byName;
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
    for (Path f : folders) {
      all.addAll(YamlExperiments.loadFolder(f));
    }
    return of(all);
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
    ConfigSpec spec = TmrOptions.spec();
    Map<String, Experiment> m = new LinkedHashMap<>();
    for (Experiment e : experiments) {
      e.validate(spec);
      Experiment prev = m.putIfAbsent(e.name(), e);
      if (prev != null) {
        throw new IllegalArgumentException(
            "two experiments are named '"
                + e.name()
                + "': "
                + prev.source()
                + " and "
                + e.source()
                + "; rename one");
      }
    }
    return new ExperimentRegistry(m);
  }

  public List<Experiment> all() {
    return List.copyOf(byName.values());
  }

  public Experiment get(String name) {
    Experiment e = byName.get(name);
    if (e == null) {
      throw new IllegalArgumentException(
          "no experiment named '"
              + name
              + "'"
              + nearest(name)
              + "; `tmr experiments list` shows them");
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
