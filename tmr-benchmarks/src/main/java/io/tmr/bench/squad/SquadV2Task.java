package io.tmr.bench.squad;

import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaScoring;
import io.tmr.bench.task.QaTask;
import java.io.IOException;
import java.nio.file.Path;

/**
 * SQuAD v2.0: questions may have no answer ({@code is_impossible}, empty {@code answers}); scored
 * by {@code evaluate-v2.0.py}'s rules, with the HasAns/NoAns breakdown.
 */
public final class SquadV2Task implements QaTask {

  @Override
  public String name() {
    return "SQuAD-v2.0";
  }

  @Override
  public QaDataset read(Path file) throws IOException {
    return SquadDatasetFile.read(file, QaScoring.SQUAD_V2_0);
  }

  @Override
  public QaScoring scoring() {
    return QaScoring.SQUAD_V2_0;
  }
}
