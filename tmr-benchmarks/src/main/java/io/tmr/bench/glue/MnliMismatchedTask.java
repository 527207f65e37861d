package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/** MNLI-mm: as {@link MnliMatchedTask}, evaluated on the mismatched-genre dev/test files. */
public final class MnliMismatchedTask extends TsvTask {

  public MnliMismatchedTask() {
    super(
        TsvTaskSpec.classification("MNLI-mm", MnliLayouts.LABELS)
            .metrics(TextMetric.ACCURACY)
            .directory("MNLI")
            .glueAverageGroup("MNLI")
            .split(Split.TRAIN, "train.tsv", MnliLayouts.TRAIN)
            .split(Split.DEV, "dev_mismatched.tsv", MnliLayouts.DEV)
            .split(Split.TEST, "test_mismatched.tsv", MnliLayouts.TEST)
            .build());
  }
}
