package io.tmr.experiments.registry;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code key=value} override lists: parsing, merging (later wins) and a canonical, order-free form.
 */
public final class Overrides {
  private Overrides() {}

  /** The key of one {@code key=value} override. */
  public static String key(String override) {
    int eq = override.indexOf('=');
    Preconditions.checkArgument(eq > 0, "override '%s' is not key=value", override);
    return override.substring(0, eq).strip();
  }

  /** The value of one {@code key=value} override. */
  public static String value(String override) {
    int eq = override.indexOf('=');
    Preconditions.checkArgument(eq > 0, "override '%s' is not key=value", override);
    return override.substring(eq + 1).strip();
  }

  /** Key → value with the last occurrence of a key winning, sorted by key. */
  public static Map<String, String> resolve(List<String> overrides) {
    Map<String, String> m = new TreeMap<>();
    for (String o : overrides) {
      m.put(key(o), value(o));
    }
    return m;
  }

  /**
   * The resolved overrides as sorted {@code key=value} strings: equal for equal effective settings.
   */
  public static List<String> canonical(List<String> overrides) {
    List<String> out = new ArrayList<>();
    resolve(overrides).forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }

  /** Concatenation of override lists (later lists win when resolved). */
  @SafeVarargs
  public static List<String> concat(List<String>... lists) {
    List<String> out = new ArrayList<>();
    for (List<String> l : lists) {
      out.addAll(l);
    }
    return List.copyOf(out);
  }

  /** A map of YAML-ish values as {@code key=value} overrides, in the map's order. */
  public static List<String> fromMap(Map<String, ?> map) {
    List<String> out = new ArrayList<>();
    map.forEach((k, v) -> out.add(k + "=" + v));
    return out;
  }
}
