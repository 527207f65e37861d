package io.tmr.bench.score;

/**
 * Predictions that cannot be scored against the gold data: missing or unknown examples, or a case
 * where the official script would crash rather than produce a number.
 */
public final class ScoringException extends Exception {

  public ScoringException(String message) {
    super(message);
  }
}
