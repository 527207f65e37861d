package io.tmr.core.text;

/**
 * A model-ready sequence: {@code [CLS] A [SEP] (B [SEP])} then padding. Arrays all have the same
 * length; offsets are UTF-16 spans in the original text of the segment each token belongs to, and
 * {@code (0, 0)} for special and padding tokens (as HuggingFace reports them).
 *
 * @param ids token ids
 * @param typeIds segment ids: 0 for {@code [CLS] A [SEP]}, 1 for {@code B [SEP]}, 0 for padding
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param specialTokensMask 1 for {@code [CLS]}, {@code [SEP]} and padding
 * @param starts original span starts
 * @param ends original span ends
 * @param sequenceIds 0 for tokens of A, 1 for tokens of B, -1 for special and padding tokens
 * @param length number of real (non-padding) tokens
 */
public record Encoding(
    int[] ids,
    int[] typeIds,
    int[] attentionMask,
    int[] specialTokensMask,
    int[] starts,
    int[] ends,
    int[] sequenceIds,
    int length) {

  public int size() {
    return ids.length;
  }
}
