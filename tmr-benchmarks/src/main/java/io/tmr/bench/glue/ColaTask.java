package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/**
 * CoLA: grammatical acceptability of one sentence; Matthews correlation. Train and dev have no
 * header (columns: source, label, original label mark, sentence); test has {@code index\tsentence}.
 */
public final class ColaTask extends TsvTask {

  private static final TsvLayout LABELED =
      TsvLayout.headerless("source", "label", "original_label", "sentence")
          .text("sentence")
          .label("label");

  public ColaTask() {
    super(
        TsvTaskSpec.classification("CoLA", "0", "1")
            .metrics(TextMetric.MCC)
            .glueAverageGroup("CoLA")
            .split(Split.TRAIN, "train.tsv", LABELED)
            .split(Split.DEV, "dev.tsv", LABELED)
            .split(
                Split.TEST,
                "test.tsv",
                TsvLayout.header("index", "sentence").text("sentence").index("index"))
            .build());
  }
}
