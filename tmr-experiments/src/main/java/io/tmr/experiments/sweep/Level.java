package io.tmr.experiments.sweep;

import com.google.common.base.Preconditions;
import io.tmr.experiments.registry.Overrides;
import java.util.List;

/** One value of an axis: a label (used in run ids and report rows) and the overrides it applies. */
public record Level(String label, List<String> overrides) {
  public Level {
    Preconditions.checkArgument(label != null && !label.isBlank(), "a level needs a label");
    overrides = List.copyOf(overrides);
    overrides.forEach(Overrides::key);
  }
}
