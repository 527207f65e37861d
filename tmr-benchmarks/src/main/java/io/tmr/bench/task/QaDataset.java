package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A SQuAD-format dataset in file order.
 *
 * @param version the file's {@code version} field ({@code "1.1"}, {@code "v2.0"}, ...), as written
 * @param articles the articles in file order
 */
public record QaDataset(String version, List<QaArticle> articles) {

  public QaDataset {
    checkNotNull(version, "version");
    articles = List.copyOf(articles);
  }

  /** Every question, in file order, with its context: the input of QA fine-tuning. */
  public List<QaExample> examples() {
    List<QaExample> out = new ArrayList<>();
    for (QaArticle article : articles) {
      for (QaParagraph paragraph : article.paragraphs()) {
        for (QaQuestion q : paragraph.questions()) {
          out.add(
              new QaExample(
                  q.id(),
                  article.title(),
                  paragraph.context(),
                  q.question(),
                  q.answers(),
                  q.impossible()));
        }
      }
    }
    return out;
  }

  /** Every question in file order (the order the official scripts score in). */
  public List<QaQuestion> questions() {
    List<QaQuestion> out = new ArrayList<>();
    for (QaArticle article : articles) {
      for (QaParagraph paragraph : article.paragraphs()) {
        out.addAll(paragraph.questions());
      }
    }
    return out;
  }

  public int questionCount() {
    return articles.stream().mapToInt(QaArticle::questionCount).sum();
  }

  public int paragraphCount() {
    return articles.stream().mapToInt(a -> a.paragraphs().size()).sum();
  }
}
