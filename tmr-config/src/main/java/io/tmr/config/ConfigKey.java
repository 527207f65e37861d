package io.tmr.config;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One option: a dotted name ({@code train.learningRate}), a type, a default, a description and a
 * validity check with the requirement shown when it fails. Keys are immutable; {@link #withDefault}
 * and {@link #withWord} derive variants (a consumer's own default, a word standing for a value such
 * as {@code unbounded} = 0).
 */
public final class ConfigKey<T> {
  private final String name;
  private final Class<T> type;
  private final T defaultValue;
  private final String description;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;
  private final Predicate<T> valid;
  private final String requirement;
  private final List<String> choices;

  private ConfigKey(
      String name,
      Class<T> type,
      T defaultValue,
      String description,
      Function<String, T> parser,
      Function<T, String> formatter,
      Predicate<T> valid,
      String requirement,
      List<String> choices) {
    Preconditions.checkArgument(
        name.matches("[a-z][A-Za-z0-9]*(\\.[a-z][A-Za-z0-9-]*)*"), "bad option name %s", name);
    this.name = name;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
    this.parser = parser;
    this.formatter = formatter;
    this.valid = valid;
    this.requirement = requirement;
    this.choices = List.copyOf(choices);
  }

  private static <T> ConfigKey<T> of(
      String name,
      Class<T> type,
      T def,
      String description,
      Function<String, T> parser,
      Predicate<T> valid,
      String requirement) {
    return new ConfigKey<>(
        name, type, def, description, parser, String::valueOf, valid, requirement, List.of());
  }

  public static ConfigKey<Integer> integer(
      String name, int def, String description, int min, int max) {
    return of(
        name,
        Integer.class,
        def,
        description,
        s -> Integer.valueOf(integerText(s)),
        v -> v >= min && v <= max,
        "an integer in [" + min + ", " + max + "]");
  }

  public static ConfigKey<Long> longInt(String name, long def, String description) {
    return longInt(name, def, description, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  public static ConfigKey<Long> longInt(
      String name, long def, String description, long min, long max) {
    String req =
        min == Long.MIN_VALUE && max == Long.MAX_VALUE
            ? "an integer"
            : "an integer in [" + min + ", " + max + "]";
    return of(
        name,
        Long.class,
        def,
        description,
        s -> Long.valueOf(integerText(s)),
        v -> v >= min && v <= max,
        req);
  }

  public static ConfigKey<Double> real(
      String name, double def, String description, double min, double max) {
    return of(
        name,
        Double.class,
        def,
        description,
        Double::valueOf,
        v -> !v.isNaN() && v >= min && v <= max,
        "a number in [" + min + ", " + max + "]");
  }

  /** A finite number {@code >= 0} (no upper bound). */
  public static ConfigKey<Double> nonNegative(String name, double def, String description) {
    return of(
        name,
        Double.class,
        def,
        description,
        Double::valueOf,
        v -> Double.isFinite(v) && v >= 0,
        "a finite number >= 0");
  }

  /** Any string but an empty or blank one (plugin names). */
  public static ConfigKey<String> nonBlank(String name, String def, String description) {
    return of(
        name,
        String.class,
        def,
        description,
        s -> s,
        s -> s != null && !s.isBlank(),
        "a non-empty name");
  }

  public static ConfigKey<Boolean> bool(String name, boolean def, String description) {
    return of(
        name, Boolean.class, def, description, ConfigKey::parseBoolean, v -> true, "true or false");
  }

  public static ConfigKey<String> string(String name, String def, String description) {
    return of(name, String.class, def, description, s -> s, Objects::nonNull, "a string");
  }

  public static ConfigKey<String> choice(
      String name, String def, String description, List<String> choices) {
    Preconditions.checkArgument(
        choices.contains(def), "default %s of %s is not a choice", def, name);
    return new ConfigKey<>(
        name,
        String.class,
        def,
        description,
        s -> s,
        s -> s,
        choices::contains,
        "one of " + String.join(", ", choices),
        choices);
  }

  /** An enum option spelled by {@code label} (e.g. {@code original-ids}). */
  public static <E extends Enum<E>> ConfigKey<E> enumeration(
      String name, E def, String description, Function<E, String> label) {
    @SuppressWarnings("unchecked")
    Class<E> type = (Class<E>) def.getDeclaringClass();
    List<String> labels = Arrays.stream(type.getEnumConstants()).map(label).toList();
    Function<String, E> parse =
        s -> {
          for (E e : type.getEnumConstants()) {
            if (label.apply(e).equals(s)) {
              return e;
            }
          }
          throw new IllegalArgumentException(s);
        };
    return new ConfigKey<>(
        name,
        type,
        def,
        description,
        parse,
        label,
        e -> true,
        "one of " + String.join(", ", labels),
        labels);
  }

  /** This key with another default (a consumer's own choice for a shared option). */
  public ConfigKey<T> withDefault(T def) {
    return new ConfigKey<>(
        name, type, def, description, parser, formatter, valid, requirement, choices);
  }

  /** This key with another default and description. */
  public ConfigKey<T> withDefault(T def, String newDescription) {
    return new ConfigKey<>(
        name, type, def, newDescription, parser, formatter, valid, requirement, choices);
  }

  /**
   * This key, also accepting {@code word} for {@code value} (printed as the word): {@code
   * unbounded} for 0, {@code auto} for -1. {@code value} is valid even where the range would
   * exclude it.
   */
  public ConfigKey<T> withWord(String word, T value) {
    Function<String, T> parse = s -> s.equals(word) ? value : parser.apply(s);
    Function<T, String> format = v -> v.equals(value) ? word : formatter.apply(v);
    Predicate<T> ok = v -> v.equals(value) || valid.test(v);
    return new ConfigKey<>(
        name,
        type,
        defaultValue,
        description,
        parse,
        format,
        ok,
        requirement + " or '" + word + "'",
        choices);
  }

  private static String integerText(String s) {
    String t = s.replace("_", "");
    // YAML numbers such as 1e6 or 4096.0 arrive as text of a double: accept whole values only.
    if (t.contains(".") || t.contains("e") || t.contains("E")) {
      double d = Double.parseDouble(t);
      if (d != Math.rint(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(s);
      }
      return Long.toString((long) d);
    }
    return t;
  }

  private static Boolean parseBoolean(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes" -> Boolean.TRUE;
      case "false", "off", "no" -> Boolean.FALSE;
      default -> throw new IllegalArgumentException(s);
    };
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

  /** The canonical text of {@code value}: what {@link #parse} reads back to it. */
  public String format(T value) {
    return formatter.apply(value);
  }

  /** Formats a value of this key held as {@code Object} (from {@link Config#asMap()}). */
  public String formatObject(Object value) {
    return format(type.cast(value));
  }

  /**
   * Converts a raw value (a {@code key=value} override, a YAML scalar) and checks it.
   *
   * @param where the origin named in the error (a file and line, an override)
   * @throws ConfigException naming {@code where}, the option and its requirement
   */
  public T parse(Object raw, String where) {
    String text =
        raw instanceof Number n && type != String.class
            ? numberText(n)
            : String.valueOf(raw).strip();
    T value;
    try {
      value = parser.apply(text);
    } catch (RuntimeException e) {
      throw new ConfigException(
          where + ": option '" + name + "' must be " + requirement + ", got '" + raw + "'");
    }
    if (value == null || !valid.test(value)) {
      throw new ConfigException(
          where + ": option '" + name + "' must be " + requirement + ", got '" + raw + "'");
    }
    return value;
  }

  private static String numberText(Number n) {
    return n instanceof Double || n instanceof Float
        ? Double.toString(n.doubleValue())
        : n.toString();
  }

  /**
   * A key's default must be valid and read back from its own text (checked by {@link
   * ConfigSpec#add}).
   */
  void checkDefault() {
    Preconditions.checkArgument(
        valid.test(defaultValue), "default %s of %s is not %s", defaultValue, name, requirement);
    Preconditions.checkArgument(
        Objects.equals(parser.apply(formatter.apply(defaultValue)), defaultValue),
        "option %s does not read its own default back",
        name);
  }

  @Override
  public String toString() {
    return name;
  }

  /** The keys of {@code keys} by name. */
  public static Map<String, ConfigKey<?>> byName(List<ConfigKey<?>> keys) {
    Map<String, ConfigKey<?>> m = new java.util.LinkedHashMap<>();
    keys.forEach(k -> m.put(k.name(), k));
    return m;
  }
}
