package io.tmr.experiments.launch;

/**
 * A launcher plugin, found with {@link java.util.ServiceLoader}: list the implementation in {@code
 * META-INF/services/io.tmr.experiments.launch.LauncherProvider}.
 */
public interface LauncherProvider {
  /** The name {@code tmr sweep --launcher} selects it by. */
  String name();

  String description();

  Launcher create(LaunchSettings settings);
}
