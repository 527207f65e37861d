package io.tmr.bench.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A classification or regression task over one sentence or a sentence pair (the GLUE tasks).
 *
 * <p>Fine-tuning consumes {@link #read} output: each {@link TextExample} has the raw text(s), the
 * leaderboard index and, for labeled splits, a {@link ClassLabel} (id into {@link #labels()}) or a
 * {@link RegressionTarget}. Predictions go back as {@link Label}s keyed by index (see {@code
 * io.tmr.bench.glue.GluePredictionFile}).
 *
 * <p>Most implementations extend {@code io.tmr.bench.glue.TsvTask}, which does the reading and
 * validation from a declarative column layout.
 */
public interface TextTask extends Task {

  /** Label strings in class-id order; empty for regression. */
  List<String> labels();

  /** Whether examples have a second sentence. */
  boolean sentencePair();

  /**
   * Whether the two sentences are interchangeable (paraphrase, similarity), so that training data
   * may be doubled by swapping them ({@link ReadOptions#doubleUnorderedPairs()}).
   */
  boolean unorderedPair();

  /** The metrics reported, in report order. */
  List<TextMetric> metrics();

  /** The label whose F1 is reported when {@link #metrics()} includes {@link TextMetric#F1}. */
  default Optional<String> positiveLabel() {
    return Optional.empty();
  }

  /**
   * The GLUE task this one counts under in the GLUE average: usually its own name; {@code "MNLI"}
   * for both MNLI-m and MNLI-mm; empty for tasks outside the average (the AX diagnostic, user
   * tasks).
   */
  Optional<String> glueAverageGroup();

  /** The splits this task has files for (AX: dev = the labeled diagnostic, test). */
  Set<Split> splits();

  /** The folder of the task under a GLUE data root, as {@code download_glue_data.py} names it. */
  String directoryName();

  /** The file name of a split inside {@link #directoryName()} (e.g. {@code dev_matched.tsv}). */
  String fileName(Split split);

  /** The name of this task's file in a leaderboard submission (e.g. {@code MNLI-m.tsv}). */
  String leaderboardFileName();

  /**
   * Reads one file in the layout of {@code split}.
   *
   * @throws DataFormatException for malformed input, naming file, line and field
   */
  TextDataset read(Path file, Split split, ReadOptions options) throws IOException;

  /**
   * Parses a label as written in files ({@code "entailment"}, {@code "1"}, {@code "3.25"}).
   *
   * @throws IllegalArgumentException if it is not a label of this task
   */
  Label parseLabel(String text);

  /** The label of class {@code id}; fails for regression tasks. */
  default ClassLabel classLabel(int id) {
    List<String> labels = labels();
    if (id < 0 || id >= labels.size()) {
      throw new IllegalArgumentException(
          name() + " has no class id " + id + "; labels are " + labels);
    }
    return new ClassLabel(id, labels.get(id));
  }

  /** Where {@code split} lives under a GLUE data root ({@code root/RTE/dev.tsv}). */
  default Path file(Path glueRoot, Split split) {
    return glueRoot.resolve(directoryName()).resolve(fileName(split));
  }
}
