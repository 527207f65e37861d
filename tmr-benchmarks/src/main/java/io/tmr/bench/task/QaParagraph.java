package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/** A context paragraph and the questions asked about it. */
public record QaParagraph(String context, List<QaQuestion> questions) {

  public QaParagraph {
    checkNotNull(context, "context");
    questions = List.copyOf(questions);
  }
}
