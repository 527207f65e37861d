package io.tmr.experiments.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The launcher plugins on the class path. */
public final class Launchers {
  private Launchers() {}

  public static List<LauncherProvider> all() {
    List<LauncherProvider> out = new ArrayList<>();
    ServiceLoader.load(LauncherProvider.class).forEach(out::add);
    return out;
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
