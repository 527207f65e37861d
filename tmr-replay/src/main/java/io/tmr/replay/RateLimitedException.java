package io.tmr.replay;

/**
 * A call the rate limiter did not allow: refused in {@code replay.rateLimit=refuse} mode, timed
 * out or interrupted in {@code block} mode. The buffer's state is unchanged by a refused call.
 */
public final class RateLimitedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public RateLimitedException(String message) {
    super(message);
  }

  public RateLimitedException(String message, Throwable cause) {
    super(message, cause);
  }
}
