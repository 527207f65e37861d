package io.tmr.replay;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.tmr.config.ConfigKey;
import io.tmr.config.ConfigSpec;
import io.tmr.config.plugin.PluginException;
import io.tmr.config.plugin.PluginInfo;
import io.tmr.config.plugin.Plugins;
import io.tmr.replay.spi.EvictionPolicyProvider;
import io.tmr.replay.spi.PriorityRule;
import io.tmr.replay.spi.ReplayStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The plugins on a class path, by name: strategies ({@code replay.strategy}), eviction policies
 * ({@code replay.eviction}) and priority rules ({@code replay.weight}), all found through {@link
 * java.util.ServiceLoader}. Built-ins and third-party plugins are found the same way; adding one
 * needs no change here. {@link #defaultRegistry()} sees the installed plugin path ({@link
 * Plugins#current()}: {@code $TMR_HOME/plugins}, {@code TMR_PLUGIN_PATH}, {@code --plugins}), so a
 * strategy in a jar of one's own is selected by name like a built-in. Immutable once loaded.
 */
public final class ReplayRegistry {

  private final Plugins plugins;
  private final ImmutableSortedMap<String, ReplayStrategy> strategies;
  private final ImmutableSortedMap<String, EvictionPolicyProvider> evictions;
  private final ImmutableSortedMap<String, PriorityRule> rules;
  private final ConfigSpec spec;

  private ReplayRegistry(Plugins plugins) {
    this.plugins = plugins;
    strategies = load(plugins, ReplayStrategy.class, Plugins.REPLAY_STRATEGY, ReplayStrategy::name);
    evictions =
        load(
            plugins,
            EvictionPolicyProvider.class,
            Plugins.EVICTION_POLICY,
            EvictionPolicyProvider::name);
    rules = load(plugins, PriorityRule.class, Plugins.PRIORITY_RULE, PriorityRule::name);
    spec = ReplayOptions.librarySpec();
    strategies.forEach((name, p) -> addOptions(name, p.getClass(), p.options()));
    evictions.forEach((name, p) -> addOptions(name, p.getClass(), p.options()));
    rules.forEach((name, p) -> addOptions(name, p.getClass(), p.options()));
  }

  /**
   * A plugin's own options must be named {@code replay.<plugin name>.<option>} and declared once.
   */
  private void addOptions(String plugin, Class<?> type, List<ConfigKey<?>> options) {
    String prefix = "replay." + plugin + ".";
    for (ConfigKey<?> k : options) {
      if (!k.name().startsWith(prefix) || k.name().length() == prefix.length()) {
        throw new PluginException(
            "plugin "
                + plugins.describe(type)
                + " ('"
                + plugin
                + "') declares option '"
                + k.name()
                + "': a plugin's options must be named "
                + prefix
                + "<option>");
      }
      if (spec.contains(k.name())) {
        throw new PluginException(
            "plugin "
                + plugins.describe(type)
                + " declares option '"
                + k.name()
                + "' a second time");
      }
      spec.add(k);
    }
  }

  private static volatile ReplayRegistry installed;

  /**
   * The plugins of the installed plugin path ({@link Plugins#current()}): TMR's built-ins plus the
   * plugin jars. Loaded once per installed path.
   */
  public static ReplayRegistry defaultRegistry() {
    Plugins current = Plugins.current();
    ReplayRegistry r = installed;
    if (r == null || r.plugins != current) {
      synchronized (ReplayRegistry.class) {
        r = installed;
        if (r == null || r.plugins != current) {
          r = new ReplayRegistry(current);
          installed = r;
        }
      }
    }
    return r;
  }

  /** The plugins visible to {@code loader} (loaded afresh). */
  public static ReplayRegistry load(ClassLoader loader) {
    return new ReplayRegistry(Plugins.over(checkNotNull(loader, "loader")));
  }

  /** The plugins of {@code plugins} (loaded afresh). */
  public static ReplayRegistry load(Plugins plugins) {
    return new ReplayRegistry(checkNotNull(plugins, "plugins"));
  }

  private static <T> ImmutableSortedMap<String, T> load(
      Plugins plugins, Class<T> type, String kind, Function<T, String> name) {
    return ImmutableSortedMap.copyOf(plugins.byName(type, kind, name));
  }

  private static <T> T lookup(Map<String, T> map, String name, String option, String kind) {
    T plugin = map.get(name);
    if (plugin == null) {
      throw new IllegalArgumentException(
          "unknown "
              + option
              + " '"
              + name
              + "'; registered "
              + kind
              + ": "
              + String.join(", ", map.keySet())
              + " (a plugin's jar must be on the plugin path: --plugins DIR, $"
              + Plugins.VARIABLE
              + " or $TMR_HOME/plugins)");
    }
    return plugin;
  }

  /**
   * Every option a buffer is configured from: the library's ({@link ReplayOptions}) and the
   * registered plugins' own.
   */
  public ConfigSpec spec() {
    return new ConfigSpec().addAll(spec);
  }

  /** The strategy named {@code name}; the exception for an unknown one lists the registered. */
  public ReplayStrategy strategy(String name) {
    return lookup(strategies, name, ReplayOptions.STRATEGY.name(), "strategies");
  }

  public EvictionPolicyProvider eviction(String name) {
    return lookup(evictions, name, ReplayOptions.EVICTION.name(), "eviction policies");
  }

  public PriorityRule priorityRule(String name) {
    return lookup(rules, name, ReplayOptions.WEIGHT.name(), "priority rules");
  }

  public ImmutableSortedSet<String> strategyNames() {
    return strategies.keySet();
  }

  public ImmutableSortedSet<String> evictionNames() {
    return evictions.keySet();
  }

  public ImmutableSortedSet<String> priorityRuleNames() {
    return rules.keySet();
  }

  /**
   * Checks that every plugin {@code config} names is registered and that the strategy accepts the
   * eviction choice; a disabled config ({@code capacity 0}) is checked too, so a typo is caught
   * before it matters.
   *
   * @throws IllegalArgumentException naming the option and listing the registered names
   */
  public void validate(ReplayConfig config) {
    ReplayStrategy strategy = strategy(config.strategy());
    eviction(strategy.eviction(config));
    priorityRule(config.weight());
  }

  /** Every registered plugin: strategies, eviction policies, priority rules, with their origin. */
  public List<PluginInfo> plugins() {
    List<PluginInfo> out = new ArrayList<>();
    strategies.forEach((n, p) -> out.add(plugins.info(Plugins.REPLAY_STRATEGY, n, p.getClass())));
    evictions.forEach((n, p) -> out.add(plugins.info(Plugins.EVICTION_POLICY, n, p.getClass())));
    rules.forEach((n, p) -> out.add(plugins.info(Plugins.PRIORITY_RULE, n, p.getClass())));
    return out;
  }

  /**
   * The plugins a buffer built from {@code config} uses: its strategy, the eviction policy the
   * strategy runs with and the priority rule, each with its origin (what a run manifest records).
   */
  public List<PluginInfo> used(ReplayConfig config) {
    ReplayStrategy strategy = strategy(config.strategy());
    String evictionName = strategy.eviction(config);
    return List.of(
        plugins.info(Plugins.REPLAY_STRATEGY, config.strategy(), strategy.getClass()),
        plugins.info(Plugins.EVICTION_POLICY, evictionName, eviction(evictionName).getClass()),
        plugins.info(
            Plugins.PRIORITY_RULE, config.weight(), priorityRule(config.weight()).getClass()));
  }
}
