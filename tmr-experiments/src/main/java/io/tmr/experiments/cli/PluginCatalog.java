package io.tmr.experiments.cli;

import io.tmr.bench.task.TaskRegistry;
import io.tmr.config.plugin.PluginInfo;
import io.tmr.config.plugin.Plugins;
import io.tmr.core.corpus.CorpusSources;
import io.tmr.experiments.launch.Launchers;
import io.tmr.experiments.registry.ExperimentRegistry;
import io.tmr.replay.ReplayRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every registered plugin of every kind, built-in or from a plugin jar: replay strategies, eviction
 * policies, priority rules, GLUE/SQuAD tasks, corpus sources, launchers and the experiments of
 * experiment providers.
 */
final class PluginCatalog {
  private PluginCatalog() {}

  /**
   * The plugins of the installed plugin path ({@link Plugins#current()}), kind by kind.
   *
   * @throws io.tmr.config.plugin.PluginException one line naming the jar and class at fault
   */
  static List<PluginInfo> all() {
    Plugins p = Plugins.current();
    List<PluginInfo> out = new ArrayList<>(ReplayRegistry.defaultRegistry().plugins());
    TaskRegistry.load(p)
        .tasks()
        .forEach(t -> out.add(p.info(Plugins.TASK, t.name(), t.getClass())));
    CorpusSources.all()
        .forEach((name, s) -> out.add(p.info(Plugins.CORPUS_SOURCE, name, s.getClass())));
    Launchers.all().forEach(l -> out.add(p.info(Plugins.LAUNCHER, l.name(), l.getClass())));
    out.addAll(ExperimentRegistry.plugins());
    return out;
  }

  /** The registered plugin of {@code kind} named {@code name} in {@code plugins}. */
  static Optional<PluginInfo> find(List<PluginInfo> plugins, String kind, String name) {
    return plugins.stream().filter(i -> i.kind().equals(kind) && i.name().equals(name)).findFirst();
  }
}
