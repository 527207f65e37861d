package io.tmr.bench.task;

/** What a task predicts; decides the head fine-tuning puts on the encoder. */
public enum TaskKind {
  /** One label out of a fixed, ordered label set. */
  CLASSIFICATION,
  /** One real number (STS-B: a similarity score in [0, 5]). */
  REGRESSION,
  /** A span of a context paragraph, or no answer (SQuAD). */
  EXTRACTIVE_QA
}
