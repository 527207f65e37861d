package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A class of a classification task: {@code id} is the position of {@code name} in {@link
 * TextTask#labels()}, i.e. the output unit of the classification head.
 */
public record ClassLabel(int id, String name) implements Label {

  public ClassLabel {
    checkArgument(id >= 0, "class id must be >= 0, got %s", id);
    checkNotNull(name, "name");
  }

  @Override
  public String text() {
    return name;
  }
}
