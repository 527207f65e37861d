package io.tmr.bench.task;

import java.util.List;

/**
 * One question with everything fine-tuning needs flattened in: the article title, the context, the
 * question and its gold spans (with Java offsets into {@code context}).
 */
public record QaExample(
    String id,
    String title,
    String context,
    String question,
    List<QaAnswer> answers,
    boolean impossible) {

  public QaExample {
    answers = List.copyOf(answers);
  }
}
