package io.tmr.bench.task;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An extractive question-answering task in SQuAD JSON format. Fine-tuning consumes {@link
 * QaDataset#examples()}; predictions go back as question id → answer text ({@code
 * io.tmr.bench.squad.SquadPredictions}).
 */
public interface QaTask extends Task {

  @Override
  default TaskKind kind() {
    return TaskKind.EXTRACTIVE_QA;
  }

  /**
   * Reads and validates a dataset file.
   *
   * @throws DataFormatException for malformed input, naming file and JSON path
   */
  QaDataset read(Path file) throws IOException;

  /** The official script whose rules score this task. */
  QaScoring scoring();
}
