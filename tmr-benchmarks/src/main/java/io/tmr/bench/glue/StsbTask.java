package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/**
 * STS-B: similarity of a sentence pair, a real score in [0, 5]; Pearson and Spearman correlation.
 * Ten columns (sentences in 8 and 9, score last); test has nine. Pairs are unordered.
 */
public final class StsbTask extends TsvTask {

  private static final String[] TEST_COLUMNS = {
    "index",
    "genre",
    "filename",
    "year",
    "old_index",
    "source1",
    "source2",
    "sentence1",
    "sentence2"
  };
  private static final TsvLayout LABELED =
      TsvLayout.header(
              "index",
              "genre",
              "filename",
              "year",
              "old_index",
              "source1",
              "source2",
              "sentence1",
              "sentence2",
              "score")
          .pair("sentence1", "sentence2")
          .label("score")
          .index("index");

  public StsbTask() {
    super(
        TsvTaskSpec.regression("STS-B", 0.0, 5.0)
            .metrics(TextMetric.PEARSON, TextMetric.SPEARMAN)
            .unorderedPair()
            .glueAverageGroup("STS-B")
            .split(Split.TRAIN, "train.tsv", LABELED)
            .split(Split.DEV, "dev.tsv", LABELED)
            .split(
                Split.TEST,
                "test.tsv",
                TsvLayout.header(TEST_COLUMNS).pair("sentence1", "sentence2").index("index"))
            .build());
  }
}
