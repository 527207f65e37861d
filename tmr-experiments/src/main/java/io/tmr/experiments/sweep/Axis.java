package io.tmr.experiments.sweep;

import com.google.common.base.Preconditions;
import io.tmr.experiments.registry.Arm;
import io.tmr.experiments.registry.Overrides;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One dimension of a sweep: a list of levels. The grid of a sweep is the cartesian product of its
 * axes; a zipped axis moves several keys together (level i sets every key's i-th value).
 *
 * @param name {@code arm} for an experiment's arms, the key of a grid axis, or the keys of a zipped
 *     axis joined by {@code +}
 */
public record Axis(String name, List<Level> levels) {
  public Axis {
    levels = List.copyOf(levels);
    Preconditions.checkArgument(!levels.isEmpty(), "axis %s has no values", name);
    Set<String> labels = new HashSet<>();
    for (Level l : levels) {
      Preconditions.checkArgument(
          labels.add(l.label()), "axis %s has the value %s twice", name, l.label());
    }
  }

  /** An experiment's arms as one axis. */
  public static Axis arms(List<Arm> arms) {
    return new Axis("arm", arms.stream().map(a -> new Level(a.name(), a.overrides())).toList());
  }

  /** {@code key=v1,v2,...}: one level per value, labelled {@code <last part of key>=<value>}. */
  public static Axis grid(String spec) {
    String key = Overrides.key(spec);
    List<String> values = split(Overrides.value(spec), spec);
    String shortKey = key.substring(key.lastIndexOf('.') + 1);
    return new Axis(
        key,
        values.stream().map(v -> new Level(shortKey + "=" + v, List.of(key + "=" + v))).toList());
  }

  /** Several {@code key=v1,v2,...} of equal length moving together. */
  public static Axis zip(List<String> specs) {
    Preconditions.checkArgument(!specs.isEmpty(), "a zipped axis needs at least one key");
    List<String> keys = new ArrayList<>();
    List<List<String>> values = new ArrayList<>();
    for (String s : specs) {
      keys.add(Overrides.key(s));
      values.add(split(Overrides.value(s), s));
    }
    int n = values.get(0).size();
    for (int i = 0; i < specs.size(); i++) {
      Preconditions.checkArgument(
          values.get(i).size() == n,
          "zipped axes must have equal lengths: %s has %s values, %s has %s",
          keys.get(0),
          n,
          keys.get(i),
          values.get(i).size());
    }
    List<Level> levels = new ArrayList<>();
    for (int j = 0; j < n; j++) {
      List<String> labels = new ArrayList<>();
      List<String> overrides = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        String k = keys.get(i);
        labels.add(k.substring(k.lastIndexOf('.') + 1) + "=" + values.get(i).get(j));
        overrides.add(k + "=" + values.get(i).get(j));
      }
      levels.add(new Level(String.join(",", labels), overrides));
    }
    return new Axis(String.join("+", keys), levels);
  }

  private static List<String> split(String values, String spec) {
    List<String> out = new ArrayList<>();
    for (String v : values.split(",")) {
      if (!v.isBlank()) {
        out.add(v.strip());
      }
    }
    Preconditions.checkArgument(!out.isEmpty(), "'%s' lists no values (key=v1,v2,...)", spec);
    return out;
  }
}
