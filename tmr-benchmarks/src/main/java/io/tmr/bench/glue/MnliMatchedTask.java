package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/**
 * MNLI-m: three-way entailment (label order {@code [contradiction, entailment, neutral]}, as the
 * reference code), evaluated on the matched-genre dev/test files; accuracy. Shares the MNLI train
 * file.
 */
public final class MnliMatchedTask extends TsvTask {

  public MnliMatchedTask() {
    super(
        TsvTaskSpec.classification("MNLI-m", MnliLayouts.LABELS)
            .metrics(TextMetric.ACCURACY)
            .directory("MNLI")
            .glueAverageGroup("MNLI")
            .split(Split.TRAIN, "train.tsv", MnliLayouts.TRAIN)
            .split(Split.DEV, "dev_matched.tsv", MnliLayouts.DEV)
            .split(Split.TEST, "test_matched.tsv", MnliLayouts.TEST)
            .build());
  }
}
