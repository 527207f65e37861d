package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/** A Wikipedia article: the unit the SQuAD dev-split proxy divides on. */
public record QaArticle(String title, List<QaParagraph> paragraphs) {

  public QaArticle {
    checkNotNull(title, "title");
    paragraphs = List.copyOf(paragraphs);
  }

  public int questionCount() {
    return paragraphs.stream().mapToInt(p -> p.questions().size()).sum();
  }
}
