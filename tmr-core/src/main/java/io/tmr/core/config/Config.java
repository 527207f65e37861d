package io.tmr.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
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
    Preconditions.checkArgument(v != null, "option %s is not part of this configuration", key.name());
    return key.type().cast(v);
  }

  /** Where each non-default value came from (file or override), for the manifest. */
  public Map<String, String> origins() {
    return Map.copyOf(origins);
  }

  /** Flat view, option name → value, in declaration order. */
  public Map<String, Object> asMap() {
    return new LinkedHashMap<>(values);
  }

  /** A copy with further overrides applied. */
  public Config with(List<String> overrides) {
    Builder b = new Builder(spec);
    b.values.putAll(values);
    b.origins.putAll(origins);
    return b.overrides(overrides).build();
  }

  /** Nested YAML ({@code train: {learningRate: ...}}) that {@link Builder#file} reads back. */
  public String toYaml() {
    Map<String, Object> root = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      String[] parts = e.getKey().split("\\.");
      Map<String, Object> node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
        node = child;
      }
      node.put(parts[parts.length - 1], e.getValue());
    }
    try {
      // String options stay quoted so that a value such as "1e-6" reads back as the same string.
      return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)).writeValueAsString(root);
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

    /** Applies a YAML file: nested maps and/or dotted keys; unknown keys are errors. */
    public Builder file(Path yaml) {
      if (!Files.isRegularFile(yaml)) {
        throw new ConfigException("config file not found: " + yaml);
      }
      JsonNode root;
      try {
        root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
      } catch (IOException e) {
        throw new ConfigException(yaml + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
      }
      if (root == null || root.isNull() || root.isMissingNode()) {
        return this;
      }
      if (!root.isObject()) {
        throw new ConfigException(yaml + ": the top level must be a map of options");
      }
      apply(root, "", yaml.toString());
      return this;
    }

    private void apply(JsonNode node, String prefix, String origin) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
        JsonNode v = e.getValue();
        if (v.isObject() && spec.key(name) == null) {
          apply(v, name, origin);
        } else {
          set(name, v.isValueNode() ? (v.isNumber() ? v.numberValue() : v.asText()) : v.toString(), origin);
        }
      }
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

    public Builder set(String name, Object raw, String origin) {
      ConfigKey<?> k = spec.key(name);
      if (k == null) {
        throw new ConfigException(origin + ": unknown option '" + name + "'; did you mean '" + spec.nearest(name) + "'?");
      }
      values.put(name, k.convert(raw, origin));
      origins.put(name, origin);
      return this;
    }

    public Config build() {
      return new Config(spec, new LinkedHashMap<>(values), new LinkedHashMap<>(origins));
    }
  }
}
