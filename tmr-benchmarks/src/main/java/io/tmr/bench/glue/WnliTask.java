package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/** WNLI: Winograd pronoun resolution cast as entailment (1 = entailed); accuracy. */
public final class WnliTask extends TsvTask {

  public WnliTask() {
    super(
        TsvTaskSpec.classification("WNLI", "0", "1")
            .metrics(TextMetric.ACCURACY)
            .glueAverageGroup("WNLI")
            .split(Split.TRAIN, "train.tsv", GlueLayouts.INDEX_PAIR_LABEL)
            .split(Split.DEV, "dev.tsv", GlueLayouts.INDEX_PAIR_LABEL)
            .split(Split.TEST, "test.tsv", GlueLayouts.INDEX_PAIR)
            .build());
  }
}
