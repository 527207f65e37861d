package io.tmr.core.corpus;

/** A corpus could not be fetched, verified or read; the message says what and what to do. */
public final class CorpusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CorpusException(String message) {
    super(message);
  }

  public CorpusException(String message, Throwable cause) {
    super(message, cause);
  }
}
