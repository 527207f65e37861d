package io.tmr.replay;

/**
 * A call the rate limiter did not allow: refused in {@code replay.rateLimit=refuse} mode, timed out
 * or interrupted in {@code block} mode. A refused call changes nothing but the {@code
 * rateLimitRefusals} counter (and a batch larger than the buffer's size, which is a bad request
 * rather than a limiter decision, not even that).
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
