package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkNotNull;

import java.nio.file.Path;
import java.util.List;

/**
 * The examples read from one TSV file of a {@link TextTask}, in file order.
 *
 * @param taskName the task's canonical name
 * @param split the layout the file was read with
 * @param source the file
 * @param examples the examples, in file order (swapped copies, if requested, after all originals)
 * @param skippedLines 1-based line numbers of malformed rows the task's policy skips (QQP only);
 *     empty for every other task, whose malformed rows are errors
 */
public record TextDataset(
    String taskName,
    Split split,
    Path source,
    List<TextExample> examples,
    List<Integer> skippedLines) {

  public TextDataset {
    checkNotNull(taskName, "taskName");
    checkNotNull(split, "split");
    checkNotNull(source, "source");
    examples = List.copyOf(examples);
    skippedLines = List.copyOf(skippedLines);
  }

  public int size() {
    return examples.size();
  }
}
