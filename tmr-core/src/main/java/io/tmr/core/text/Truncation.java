package io.tmr.core.text;

/** How a sequence (pair) longer than the maximum length is shortened. */
public enum Truncation {
  /** Fail with an exception naming the lengths. */
  NONE,
  /**
   * Cut the longer segment first, as HuggingFace tokenizers' {@code longest_first}: the shorter
   * segment stays whole when possible, otherwise both get half the budget (the longer one, or B on
   * a tie, the odd token).
   */
  LONGEST_FIRST,
  /** Remove tokens from the end of A only. */
  ONLY_FIRST,
  /** Remove tokens from the end of B only. */
  ONLY_SECOND
}
