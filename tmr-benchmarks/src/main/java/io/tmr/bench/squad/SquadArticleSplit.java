package io.tmr.bench.squad;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.bench.task.QaArticle;
import io.tmr.bench.task.QaDataset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fixed by-article split of a SQuAD file into a fine-tuning part and an evaluation part, used
 * because only the v1.1 dev file is held: the last {@link #EVAL_ARTICLES} articles in file order
 * form the evaluation part, all earlier ones the train part. On the official {@code dev-v1.1.json}
 * (48 articles, 10,570 questions) that is 38 articles / 1,646 paragraphs / 8,582 questions to train
 * on and 10 articles ({@code Intergovernmental_Panel_on_Climate_Change} … {@code Force}) / 421
 * paragraphs / 1,988 questions to evaluate. Results on the evaluation part are a dev-split proxy,
 * never "SQuAD dev".
 *
 * @param train the first articles
 * @param eval the last articles
 */
public record SquadArticleSplit(QaDataset train, QaDataset eval) {

  /** Articles in the evaluation part. */
  public static final int EVAL_ARTICLES = 10;

  /** The documented split: the last {@value #EVAL_ARTICLES} articles are the evaluation part. */
  public static SquadArticleSplit of(QaDataset dataset) {
    return lastArticles(dataset, EVAL_ARTICLES);
  }

  /**
   * The last {@code evalArticles} articles in file order for evaluation, the rest for training.
   * Both parts keep the source's version string, so the official scripts accept them.
   *
   * @throws IllegalArgumentException if either part would be empty, or two articles share a title
   *     (the "no article in both parts" guarantee is stated by title)
   */
  public static SquadArticleSplit lastArticles(QaDataset dataset, int evalArticles) {
    List<QaArticle> articles = dataset.articles();
    checkArgument(
        evalArticles > 0 && evalArticles < articles.size(),
        "cannot put %s of %s articles in the evaluation part",
        evalArticles,
        articles.size());
    Set<String> titles = new HashSet<>();
    for (QaArticle a : articles) {
      checkArgument(titles.add(a.title()), "two articles are titled \"%s\"", a.title());
    }
    int cut = articles.size() - evalArticles;
    return new SquadArticleSplit(
        new QaDataset(dataset.version(), articles.subList(0, cut)),
        new QaDataset(dataset.version(), articles.subList(cut, articles.size())));
  }
}
