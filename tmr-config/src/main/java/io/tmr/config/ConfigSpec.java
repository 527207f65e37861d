package io.tmr.config;

import com.google.common.base.Preconditions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The set of valid options of one kind of run (pretraining, fine-tuning, a replay buffer), in
 * declaration order.
 */
public final class ConfigSpec {
  private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();

  /** Adds keys; a name declared twice is a programming error (two plugins claiming one option). */
  public ConfigSpec add(ConfigKey<?>... ks) {
    for (ConfigKey<?> k : ks) {
      Preconditions.checkArgument(
          keys.putIfAbsent(k.name(), k) == null, "option %s declared twice", k.name());
      k.checkDefault();
    }
    return this;
  }

  public ConfigSpec addAll(Collection<? extends ConfigKey<?>> ks) {
    ks.forEach(this::add);
    return this;
  }

  public ConfigSpec addAll(ConfigSpec other) {
    return addAll(other.keys());
  }

  /**
   * Replaces a declared key by a variant of it (same name), e.g. with the consumer's own default.
   */
  public ConfigSpec replace(ConfigKey<?> k) {
    Preconditions.checkArgument(keys.containsKey(k.name()), "option %s is not declared", k.name());
    k.checkDefault();
    keys.put(k.name(), k);
    return this;
  }

  public Collection<ConfigKey<?>> keys() {
    return keys.values();
  }

  public ConfigKey<?> key(String name) {
    return keys.get(name);
  }

  public boolean contains(String name) {
    return keys.containsKey(name);
  }

  /**
   * The valid option nearest to {@code name} (edit distance, case-insensitive), for error messages.
   */
  public String nearest(String name) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : keys.keySet()) {
      int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      // A key whose last part matches exactly is the likely intent even under another prefix.
      if (k.substring(k.lastIndexOf('.') + 1)
          .equalsIgnoreCase(name.substring(name.lastIndexOf('.') + 1))) {
        d = Math.min(d, 1);
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    return best;
  }

  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * A Markdown table of the options: name, default, requirement, description (for docs and --help).
   */
  public String toMarkdown() {
    StringBuilder sb =
        new StringBuilder("| option | default | values | description |\n|---|---|---|---|\n");
    for (ConfigKey<?> k : keys.values()) {
      sb.append("| `")
          .append(k.name())
          .append("` | `")
          .append(k.formatObject(k.defaultValue()))
          .append("` | ")
          .append(k.requirement())
          .append(" | ")
          .append(k.description())
          .append(" |\n");
    }
    return sb.toString();
  }
}
