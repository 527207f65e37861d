package io.tmr.experiments.launch;

import io.tmr.config.plugin.Plugins;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The launcher plugins: the built-ins and those of the plugin jars ({@link Plugins#current()}). */
public final class Launchers {
  private Launchers() {}

  public static List<LauncherProvider> all() {
    return new ArrayList<>(
        Plugins.current()
            .byName(LauncherProvider.class, Plugins.LAUNCHER, LauncherProvider::name)
            .values());
  }

  public static LauncherProvider get(String name) {
    for (LauncherProvider p : all()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "no launcher named '"
            + name
            + "'; available: "
            + all().stream().map(LauncherProvider::name).collect(Collectors.joining(", ")));
  }
}
