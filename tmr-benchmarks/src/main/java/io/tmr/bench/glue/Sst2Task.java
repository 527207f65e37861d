package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/** SST-2: sentiment (0 negative, 1 positive) of one sentence; accuracy. */
public final class Sst2Task extends TsvTask {

  private static final TsvLayout LABELED =
      TsvLayout.header("sentence", "label").text("sentence").label("label");

  public Sst2Task() {
    super(
        TsvTaskSpec.classification("SST-2", "0", "1")
            .metrics(TextMetric.ACCURACY)
            .glueAverageGroup("SST-2")
            .split(Split.TRAIN, "train.tsv", LABELED)
            .split(Split.DEV, "dev.tsv", LABELED)
            .split(
                Split.TEST,
                "test.tsv",
                TsvLayout.header("index", "sentence").text("sentence").index("index"))
            .build());
  }
}
