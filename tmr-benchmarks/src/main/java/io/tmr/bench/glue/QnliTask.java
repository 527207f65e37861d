package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/** QNLI: does the sentence answer the question (entailment / not_entailment); accuracy. */
public final class QnliTask extends TsvTask {

  public QnliTask() {
    super(
        TsvTaskSpec.classification("QNLI", "entailment", "not_entailment")
            .metrics(TextMetric.ACCURACY)
            .glueAverageGroup("QNLI")
            .split(Split.TRAIN, "train.tsv", labeled())
            .split(Split.DEV, "dev.tsv", labeled())
            .split(
                Split.TEST,
                "test.tsv",
                TsvLayout.header("index", "question", "sentence")
                    .pair("question", "sentence")
                    .index("index"))
            .build());
  }

  private static TsvLayout labeled() {
    return TsvLayout.header("index", "question", "sentence", "label")
        .pair("question", "sentence")
        .label("label")
        .index("index");
  }
}
