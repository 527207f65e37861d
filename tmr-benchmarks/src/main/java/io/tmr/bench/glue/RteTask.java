package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/** RTE: does sentence 1 entail sentence 2 (entailment / not_entailment); accuracy. */
public final class RteTask extends TsvTask {

  public RteTask() {
    super(
        TsvTaskSpec.classification("RTE", "entailment", "not_entailment")
            .metrics(TextMetric.ACCURACY)
            .glueAverageGroup("RTE")
            .split(Split.TRAIN, "train.tsv", GlueLayouts.INDEX_PAIR_LABEL)
            .split(Split.DEV, "dev.tsv", GlueLayouts.INDEX_PAIR_LABEL)
            .split(Split.TEST, "test.tsv", GlueLayouts.INDEX_PAIR)
            .build());
  }
}
