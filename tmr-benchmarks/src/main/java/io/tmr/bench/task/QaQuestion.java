package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;

/**
 * A question of a SQuAD-format paragraph.
 *
 * @param id the question id, unique in the dataset; predictions are keyed by it
 * @param question the question text
 * @param answers the gold answers (SQuAD dev has up to six, from different annotators); empty for a
 *     v2.0 no-answer question
 * @param impossible v2.0 {@code is_impossible}; false for v1.1
 * @param plausibleAnswers v2.0 {@code plausible_answers} of impossible questions (not used for
 *     scoring); empty otherwise
 */
public record QaQuestion(
    String id,
    String question,
    List<QaAnswer> answers,
    boolean impossible,
    List<QaAnswer> plausibleAnswers) {

  public QaQuestion {
    checkNotNull(id, "id");
    checkNotNull(question, "question");
    answers = List.copyOf(answers);
    plausibleAnswers = List.copyOf(plausibleAnswers);
    checkArgument(!impossible || answers.isEmpty(), "impossible question %s has answers", id);
  }
}
