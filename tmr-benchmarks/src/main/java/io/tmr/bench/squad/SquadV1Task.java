package io.tmr.bench.squad;

import io.tmr.bench.task.QaDataset;
import io.tmr.bench.task.QaScoring;
import io.tmr.bench.task.QaTask;
import java.io.IOException;
import java.nio.file.Path;

/**
 * SQuAD v1.1: every question has an answer; scored by exact match and F1 ({@code
 * evaluate-v1.1.py}).
 */
public final class SquadV1Task implements QaTask {

  @Override
  public String name() {
    return "SQuAD-v1.1";
  }

  @Override
  public QaDataset read(Path file) throws IOException {
    return SquadDatasetFile.read(file, QaScoring.SQUAD_V1_1);
  }

  @Override
  public QaScoring scoring() {
    return QaScoring.SQUAD_V1_1;
  }
}
