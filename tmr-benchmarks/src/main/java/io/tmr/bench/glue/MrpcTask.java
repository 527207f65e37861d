package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/**
 * MRPC: is the pair a paraphrase (label column {@code Quality}, 1 = yes); accuracy and F1 of class
 * 1. The train/dev header starts with a UTF-8 BOM (copied by {@code download_glue_data.py} from the
 * MSR source file), which the reader accepts at the start of a file. Pairs are unordered.
 */
public final class MrpcTask extends TsvTask {

  private static final TsvLayout LABELED =
      TsvLayout.header("Quality", "#1 ID", "#2 ID", "#1 String", "#2 String")
          .pair("#1 String", "#2 String")
          .label("Quality");

  public MrpcTask() {
    super(
        TsvTaskSpec.classification("MRPC", "0", "1")
            .metrics(TextMetric.ACCURACY, TextMetric.F1)
            .positiveLabel("1")
            .unorderedPair()
            .glueAverageGroup("MRPC")
            .split(Split.TRAIN, "train.tsv", LABELED)
            .split(Split.DEV, "dev.tsv", LABELED)
            .split(
                Split.TEST,
                "test.tsv",
                TsvLayout.header("index", "#1 ID", "#2 ID", "#1 String", "#2 String")
                    .pair("#1 String", "#2 String")
                    .index("index"))
            .build());
  }
}
