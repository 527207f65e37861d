package io.tmr.bench.task;

import io.tmr.bench.glue.TsvLayout;
import io.tmr.bench.glue.TsvTask;
import io.tmr.bench.glue.TsvTaskSpec;

/** What a user writes to add a task: a spec in a constructor (registered by TaskRegistryTest). */
public final class UserPolarityTask extends TsvTask {

  public UserPolarityTask() {
    super(
        TsvTaskSpec.classification("User-Polarity", "neg", "pos")
            .metrics(TextMetric.ACCURACY, TextMetric.F1)
            .positiveLabel("pos")
            .split(
                Split.TRAIN,
                "train.tsv",
                TsvLayout.header("text", "polarity").text("text").label("polarity"))
            .build());
  }
}
