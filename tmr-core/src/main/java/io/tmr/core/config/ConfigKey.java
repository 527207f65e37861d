package io.tmr.core.config;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One option: a dotted name ({@code train.learningRate}), a type, a default, a description and a
 * validity check with the message shown when it fails.
 */
public final class ConfigKey<T> {
  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final String description;
  private final Predicate<T> valid;
  private final String requirement;
  private final List<String> choices;

  private ConfigKey(String name, Class<T> type, T defaultValue, String description, Predicate<T> valid, String requirement, List<String> choices) {
    Preconditions.checkArgument(name.matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9]*)*"), "bad option name %s", name);
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
    this.valid = valid;
    this.requirement = requirement;
    this.choices = choices;
  }

  public static ConfigKey<Integer> integer(String name, int def, String description, int min, int max) {
    return new ConfigKey<>(name, Integer.class, def, description, v -> v >= min && v <= max, "an integer in [" + min + ", " + max + "]", List.of());
  }

  public static ConfigKey<Long> longInt(String name, long def, String description) {
    return new ConfigKey<>(name, Long.class, def, description, v -> true, "an integer", List.of());
  }

  public static ConfigKey<Double> real(String name, double def, String description, double min, double max) {
    return new ConfigKey<>(name, Double.class, def, description, v -> !v.isNaN() && v >= min && v <= max, "a number in [" + min + ", " + max + "]", List.of());
  }

  public static ConfigKey<Boolean> bool(String name, boolean def, String description) {
    return new ConfigKey<>(name, Boolean.class, def, description, v -> true, "true or false", List.of());
  }

  public static ConfigKey<String> string(String name, String def, String description) {
    return new ConfigKey<>(name, String.class, def, description, v -> v != null, "a string", List.of());
  }

  public static ConfigKey<String> choice(String name, String def, String description, List<String> choices) {
    Preconditions.checkArgument(choices.contains(def), "default %s of %s is not a choice", def, name);
    return new ConfigKey<>(name, String.class, def, description, choices::contains, "one of " + String.join(", ", choices), choices);
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  public T defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public String requirement() {
    return requirement;
  }

  public List<String> choices() {
    return choices;
  }

  /** Converts a raw value (from YAML or a {@code key=value} override) and checks it. */
  T convert(Object raw, String origin) {
    T value;
    try {
      value = type.cast(CONVERTERS.get(type).apply(raw));
    } catch (RuntimeException e) {
      throw new ConfigException(origin + ": option '" + name + "' must be " + requirement + ", got '" + raw + "'");
    }
    if (!valid.test(value)) {
      throw new ConfigException(origin + ": option '" + name + "' must be " + requirement + ", got '" + raw + "'");
    }
    return value;
  }

  private static final java.util.Map<Class<?>, Function<Object, Object>> CONVERTERS = java.util.Map.of(
      Integer.class, o -> o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Integer.valueOf(Math.toIntExact(n.longValue())) : Integer.valueOf(o.toString().strip().replace("_", "")),
      Long.class, o -> o instanceof Number n ? Long.valueOf(n.longValue()) : Long.valueOf(o.toString().strip().replace("_", "")),
      Double.class, o -> o instanceof Number n ? Double.valueOf(n.doubleValue()) : Double.valueOf(o.toString().strip()),
      Boolean.class, o -> {
        String s = o.toString().strip().toLowerCase(java.util.Locale.ROOT);
        if (s.equals("true") || s.equals("on") || s.equals("yes")) {
          return Boolean.TRUE;
        }
        if (s.equals("false") || s.equals("off") || s.equals("no")) {
          return Boolean.FALSE;
        }
        throw new IllegalArgumentException(s);
      },
      String.class, o -> o.toString());
}
