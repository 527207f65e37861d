package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How extractive QA examples become windows and how span scores become answers (BERT/ELECTRA's
 * SQuAD settings by default).
 *
 * @param docStride tokens between the starts of consecutive context windows (128)
 * @param maxQueryLength question tokens kept, the rest cut (64)
 * @param maxAnswerLength longest answer in tokens (30)
 * @param nBest candidate start and end positions considered per window, and answers kept per
 *     question in the n-best file (20)
 * @param noAnswerThreshold SQuAD 2.0: answer "" when {@code null score − best span score} exceeds
 *     it (BERT's {@code null_score_diff_threshold}, 0); ignored for v1.1, where every question has
 *     an answer
 */
public record SpanSettings(
    int docStride, int maxQueryLength, int maxAnswerLength, int nBest, double noAnswerThreshold) {

  public SpanSettings {
    checkArgument(docStride >= 1, "doc stride must be positive: %s", docStride);
    checkArgument(maxQueryLength >= 1, "max query length must be positive: %s", maxQueryLength);
    checkArgument(maxAnswerLength >= 1, "max answer length must be positive: %s", maxAnswerLength);
    checkArgument(nBest >= 1, "n-best must be positive: %s", nBest);
    checkArgument(Double.isFinite(noAnswerThreshold), "no-answer threshold must be finite");
  }

  /** BERT/ELECTRA: stride 128, query 64, answer 30, n-best 20, threshold 0. */
  public static SpanSettings electra() {
    return new SpanSettings(128, 64, 30, 20, 0.0);
  }

  public SpanSettings withDocStride(int value) {
    return new SpanSettings(value, maxQueryLength, maxAnswerLength, nBest, noAnswerThreshold);
  }

  public SpanSettings withMaxQueryLength(int value) {
    return new SpanSettings(docStride, value, maxAnswerLength, nBest, noAnswerThreshold);
  }

  public SpanSettings withMaxAnswerLength(int value) {
    return new SpanSettings(docStride, maxQueryLength, value, nBest, noAnswerThreshold);
  }

  public SpanSettings withNBest(int value) {
    return new SpanSettings(docStride, maxQueryLength, maxAnswerLength, value, noAnswerThreshold);
  }

  public SpanSettings withNoAnswerThreshold(double value) {
    return new SpanSettings(docStride, maxQueryLength, maxAnswerLength, nBest, value);
  }

  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("docStride", docStride);
    m.put("maxQueryLength", maxQueryLength);
    m.put("maxAnswerLength", maxAnswerLength);
    m.put("nBest", nBest);
    m.put("noAnswerThreshold", noAnswerThreshold);
    return m;
  }
}
