package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * One example of a {@link TextTask}, raw text as it stands in the file (no trimming, no
 * tokenization: that is fine-tuning's job, with its own tokenizer).
 *
 * @param index the leaderboard index: the value of the file's index column where the layout has
 *     one, else the 0-based position among the data rows kept. Prediction files are keyed by it.
 * @param textA the first (or only) sentence
 * @param textB the second sentence of a pair task; {@code null} for single-sentence tasks
 * @param gold the gold label; {@code null} for test files
 * @param line the 1-based line of the file this example came from, for error messages and tracing
 * @param swapped true for the copy with {@code textA} and {@code textB} exchanged that {@link
 *     ReadOptions#doubleUnorderedPairs()} appends; such a copy repeats the original's index
 */
public record TextExample(
    int index, String textA, String textB, Label gold, int line, boolean swapped) {

  public TextExample {
    checkArgument(index >= 0, "index must be >= 0, got %s", index);
    checkNotNull(textA, "textA");
    checkArgument(!swapped || textB != null, "only a sentence pair can be swapped");
  }

  public Optional<String> secondText() {
    return Optional.ofNullable(textB);
  }

  public Optional<Label> goldLabel() {
    return Optional.ofNullable(gold);
  }

  /** The class id the head is trained towards; fails for test examples and regression tasks. */
  public int classId() {
    if (gold instanceof ClassLabel c) {
      return c.id();
    }
    throw new IllegalStateException("example " + index + " has no class label: " + gold);
  }

  /** The regression target; fails for test examples and classification tasks. */
  public double target() {
    if (gold instanceof RegressionTarget r) {
      return r.value();
    }
    throw new IllegalStateException("example " + index + " has no regression target: " + gold);
  }

  /** This pair with its sentences exchanged (same index and label). */
  public TextExample withSentencesSwapped() {
    checkArgument(textB != null, "example %s is not a sentence pair", index);
    return new TextExample(index, textB, textA, gold, line, !swapped);
  }
}
