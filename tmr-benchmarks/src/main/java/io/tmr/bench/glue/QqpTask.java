package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/**
 * QQP: are two Quora questions duplicates ({@code is_duplicate}, 1 = yes); accuracy and F1 of class
 * 1. The released files hold rows broken by stray line breaks inside questions; like the reference
 * reader (which drops rows too short to index) those are skipped and counted, see {@link
 * io.tmr.bench.task.TextDataset#skippedLines()}. The train/dev {@code id} column is a pair id, not
 * a position, so train/dev examples are indexed by position; test uses its {@code id} column.
 */
public final class QqpTask extends TsvTask {

  private static final TsvLayout LABELED =
      TsvLayout.header("id", "qid1", "qid2", "question1", "question2", "is_duplicate")
          .pair("question1", "question2")
          .label("is_duplicate");

  public QqpTask() {
    super(
        TsvTaskSpec.classification("QQP", "0", "1")
            .metrics(TextMetric.ACCURACY, TextMetric.F1)
            .positiveLabel("1")
            .glueAverageGroup("QQP")
            .skipMalformedRows()
            .split(Split.TRAIN, "train.tsv", LABELED)
            .split(Split.DEV, "dev.tsv", LABELED)
            .split(
                Split.TEST,
                "test.tsv",
                TsvLayout.header("id", "question1", "question2")
                    .pair("question1", "question2")
                    .index("id"))
            .build());
  }
}
