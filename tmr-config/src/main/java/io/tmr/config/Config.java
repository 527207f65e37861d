package io.tmr.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resolved configuration: a value for every option of a {@link ConfigSpec}. Built from the
 * defaults, then YAML files (nested maps or dotted keys), then {@code key=value} overrides; later
 * layers win. Immutable once built.
 */
public final class Config {
  private final ConfigSpec spec;
  private final Map<String, Object> values;
  private final Map<String, String> origins;

  private Config(ConfigSpec spec, Map<String, Object> values, Map<String, String> origins) {
    this.spec = spec;
    this.values = values;
    this.origins = origins;
  }

  public static Builder builder(ConfigSpec spec) {
    return new Builder(spec);
  }

  public ConfigSpec spec() {
    return spec;
  }

  public <T> T get(ConfigKey<T> key) {
    Object v = values.get(key.name());
    Preconditions.checkArgument(
        v != null, "option %s is not part of this configuration", key.name());
    return key.type().cast(v);
  }

  /** Whether the spec declares an option of this name. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Where each non-default value came from (file and line, or override), for the manifest. */
  public Map<String, String> origins() {
    return Map.copyOf(origins);
  }

  /** Flat view, option name → value, in declaration order. */
  public Map<String, Object> asMap() {
    return new LinkedHashMap<>(values);
  }

  /**
   * Flat view, option name → canonical text (what {@link Builder#set} reads back to the same
   * value).
   */
  public Map<String, String> formatted() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, spec.key(k).formatObject(v)));
    return out;
  }

  /**
   * Flat view for files people read (YAML, JSON manifests): numbers and booleans as such,
   * everything else (enums, words such as {@code unbounded}, strings) as its canonical text.
   */
  public Map<String, Object> canonical() {
    Map<String, Object> out = new LinkedHashMap<>();
    values.forEach(
        (k, v) -> {
          String text = spec.key(k).formatObject(v);
          out.put(
              k,
              (v instanceof Number || v instanceof Boolean) && text.equals(String.valueOf(v))
                  ? v
                  : text);
        });
    return out;
  }

  /** A copy with further overrides applied. */
  public Config with(List<String> overrides) {
    return toBuilder().overrides(overrides).build();
  }

  /** A builder holding this configuration's values and origins. */
  public Builder toBuilder() {
    Builder b = new Builder(spec);
    b.values.putAll(values);
    b.origins.putAll(origins);
    return b;
  }

  /** Nested YAML ({@code train: {learningRate: ...}}) that {@link Builder#file} reads back. */
  public String toYaml() {
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : canonical().entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> child =
            (Map<String, Object>)
                node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        node = child;
      }
      node.put(parts[parts.length - 1], e.getValue());
    }
    try {
      // String options stay quoted so that a value such as "1e-6" reads back as the same string.
      return new ObjectMapper(
              new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
          .writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static final class Builder {
    private final ConfigSpec spec;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    private Builder(ConfigSpec spec) {
      this.spec = spec;
      for (ConfigKey<?> k : spec.keys()) {
        values.put(k.name(), k.defaultValue());
      }
    }

    /**
     * Applies a YAML file: nested maps and/or dotted keys; unknown keys, values set twice and
     * syntax errors are errors.
     */
    public Builder file(Path yaml) {
      for (YamlScalars.Entry e : YamlScalars.read(yaml, spec::contains)) {
        set(e.name(), e.value(), yaml + ":" + e.line());
      }
      return this;
    }

    /** Applies {@code key=value} overrides (e.g. from {@code --set}). */
    public Builder overrides(List<String> kvs) {
      for (String kv : kvs) {
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException("override '" + kv + "' is not key=value");
        }
        set(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip(), "--set " + kv);
      }
      return this;
    }

    /**
     * Sets one option from its raw form; {@code origin} names the source in errors and in the
     * manifest.
     */
    public Builder set(String name, Object raw, String origin) {
      ConfigKey<?> k = spec.key(name);
      if (k == null) {
        throw new ConfigException(
            origin
                + ": unknown option '"
                + name
                + "'; did you mean '"
                + spec.nearest(name)
                + "'?"
                + pluginHint(name));
      }
      values.put(name, k.parse(raw, origin));
      origins.put(name, origin);
      return this;
    }

    /**
     * For {@code replay.<plugin>.<option>} of a plugin no registered plugin declares options of:
     * the plugin's jar is probably not on the plugin path.
     */
    private String pluginHint(String name) {
      String[] parts = name.split("\\.");
      if (parts.length < 3 || !parts[0].equals("replay")) {
        return "";
      }
      String prefix = "replay." + parts[1] + ".";
      for (ConfigKey<?> k : spec.keys()) {
        if (k.name().startsWith(prefix)) {
          return "";
        }
      }
      return " (options "
          + prefix
          + "* belong to the replay plugin '"
          + parts[1]
          + "': is its jar on the plugin path? --plugins DIR, $"
          + io.tmr.config.plugin.Plugins.VARIABLE
          + " or $TMR_HOME/plugins; `tmr plugins` lists what is loaded)";
    }

    /** Sets one option to a typed value (checked like a parsed one). */
    public <T> Builder set(ConfigKey<T> key, T value) {
      ConfigKey<?> k = spec.key(key.name());
      Preconditions.checkArgument(
          k != null, "option %s is not part of this configuration", key.name());
      return set(key.name(), key.format(value), "set " + key.name());
    }

    /**
     * Takes the values (and origins) of every option {@code other} shares with this builder's spec.
     */
    public Builder from(Config other) {
      other.values.forEach(
          (name, v) -> {
            ConfigKey<?> k = spec.key(name);
            if (k != null) {
              String origin = other.origins.getOrDefault(name, "default of " + name);
              values.put(name, k.parse(other.spec.key(name).formatObject(v), origin));
              if (other.origins.containsKey(name)) {
                origins.put(name, origin);
              }
            }
          });
      return this;
    }

    public Config build() {
      return new Config(spec, new LinkedHashMap<>(values), new LinkedHashMap<>(origins));
    }
  }
}
