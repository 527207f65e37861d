package io.tmr.bench.task;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A gold answer span of a {@link QaQuestion}.
 *
 * @param text the answer text, equal to the context span (the reader checks)
 * @param answerStart the offset as the JSON file gives it: a Python string index, i.e. counted in
 *     Unicode code points
 * @param charStart the same offset as a Java {@code String} (UTF-16) index into the context;
 *     differs from {@code answerStart} only when the context has characters outside the BMP before
 *     the answer
 * @param charEnd exclusive Java end index: {@code context.substring(charStart,
 *     charEnd).equals(text)}
 */
public record QaAnswer(String text, int answerStart, int charStart, int charEnd) {

  public QaAnswer {
    checkNotNull(text, "text");
    checkArgument(
        answerStart >= 0 && charStart >= answerStart, "bad offsets %s/%s", answerStart, charStart);
    checkArgument(
        charEnd - charStart == text.length(),
        "span [%s, %s) does not have the length of %s",
        charStart,
        charEnd,
        text);
  }
}
