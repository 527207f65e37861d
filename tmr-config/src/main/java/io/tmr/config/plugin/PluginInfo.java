package io.tmr.config.plugin;

/**
 * One registered plugin, as {@code tmr plugins} lists it and a run manifest records the plugins a
 * run used.
 *
 * @param kind the plugin kind ({@link Plugins#REPLAY_STRATEGY}, ...)
 * @param name the name it is selected by
 * @param className its implementation class
 * @param jar the plugin jar it came from (absolute path), or {@code null} when it is built in (on
 *     TMR's own class path)
 * @param sha256 that jar's SHA-256 ({@code null} when built in)
 */
public record PluginInfo(String kind, String name, String className, String jar, String sha256) {
  public static final String BUILT_IN = "built-in";

  /** Where it came from: the jar, or {@value #BUILT_IN}. */
  public String origin() {
    return jar == null ? BUILT_IN : jar;
  }

  /** {@code kind 'name'}, for messages. */
  public String label() {
    return kind + " '" + name + "'";
  }
}
