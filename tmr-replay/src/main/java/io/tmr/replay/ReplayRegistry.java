package io.tmr.replay;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.ImmutableSortedSet;
import io.tmr.config.ConfigKey;
import io.tmr.config.ConfigSpec;
import io.tmr.replay.spi.EvictionPolicyProvider;
import io.tmr.replay.spi.PriorityRule;
import io.tmr.replay.spi.ReplayStrategy;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The plugins on a class path, by name: strategies ({@code replay.strategy}), eviction policies
 * ({@code replay.eviction}) and priority rules ({@code replay.weight}), all found through {@link
 * ServiceLoader}. Built-ins and third-party plugins are found the same way; adding one needs no
 * change here. Immutable once loaded.
 */
public final class ReplayRegistry {

  private final ImmutableSortedMap<String, ReplayStrategy> strategies;
  private final ImmutableSortedMap<String, EvictionPolicyProvider> evictions;
  private final ImmutableSortedMap<String, PriorityRule> rules;
  private final ConfigSpec spec;

  private ReplayRegistry(ClassLoader loader) {
    strategies = load(ReplayStrategy.class, ReplayStrategy::name, loader);
    evictions = load(EvictionPolicyProvider.class, EvictionPolicyProvider::name, loader);
    rules = load(PriorityRule.class, PriorityRule::name, loader);
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
        throw new IllegalStateException(
            "plugin "
                + type.getName()
                + " ('"
                + plugin
                + "') declares option '"
                + k.name()
                + "': a plugin's options must be named "
                + prefix
                + "<option>");
      }
      if (spec.contains(k.name())) {
        throw new IllegalStateException(
            "plugin " + type.getName() + " declares option '" + k.name() + "' a second time");
      }
      spec.add(k);
    }
  }

  private static final class DefaultHolder {
    static final ReplayRegistry INSTANCE =
        new ReplayRegistry(ReplayRegistry.class.getClassLoader());
  }

  /** The plugins visible to this library's class loader (loaded once). */
  public static ReplayRegistry defaultRegistry() {
    return DefaultHolder.INSTANCE;
  }

  /** The plugins visible to {@code loader} (loaded afresh). */
  public static ReplayRegistry load(ClassLoader loader) {
    return new ReplayRegistry(checkNotNull(loader, "loader"));
  }

  private static <T> ImmutableSortedMap<String, T> load(
      Class<T> type, Function<T, String> name, ClassLoader loader) {
    Map<String, T> found = new TreeMap<>();
    try {
      for (T plugin : ServiceLoader.load(type, loader)) {
        String key = name.apply(plugin);
        if (key == null || key.isBlank()) {
          throw new IllegalStateException(
              type.getSimpleName() + " plugin " + plugin.getClass().getName() + " has no name");
        }
        T previous = found.putIfAbsent(key, plugin);
        if (previous != null) {
          throw new IllegalStateException(
              "two "
                  + type.getSimpleName()
                  + " plugins are named '"
                  + key
                  + "': "
                  + previous.getClass().getName()
                  + " and "
                  + plugin.getClass().getName());
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "cannot load " + type.getSimpleName() + " plugins: " + e.getMessage(), e);
    }
    return ImmutableSortedMap.copyOf(found);
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
              + String.join(", ", map.keySet()));
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
}
