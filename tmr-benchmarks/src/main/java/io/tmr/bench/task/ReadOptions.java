package io.tmr.bench.task;

/**
 * Options for reading a {@link TextTask} file.
 *
 * @param doubleUnorderedPairs for tasks whose sentence order carries no meaning ({@link
 *     TextTask#unorderedPair()}: MRPC, STS-B), append a copy of every example with the two
 *     sentences swapped. ELECTRA's fine-tuning does this on the training split only ({@code
 *     double_unordered}); leave it off for dev and test so scoring sees each example once. Ignored
 *     for tasks whose pairs are ordered.
 */
public record ReadOptions(boolean doubleUnorderedPairs) {

  /** Read the file as it is. */
  public static ReadOptions defaults() {
    return new ReadOptions(false);
  }

  /** ELECTRA's training-split recipe: unordered pairs doubled. */
  public static ReadOptions electraTraining() {
    return new ReadOptions(true);
  }
}
