package io.tmr.experiments.sweep;

import java.nio.file.Path;
import java.util.List;

/** A sweep definition that would collide with what already ran in its folder. */
public final class SweepConflictException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public SweepConflictException(Path dir, List<String> problems) {
    super(
        "refusing to reuse sweep folder "
            + dir
            + ": "
            + String.join("; ", problems)
            + ". Finished trials would no longer match the definition: use another --dir, or run the sweep as it was defined");
  }
}
