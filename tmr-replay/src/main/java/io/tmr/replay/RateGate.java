package io.tmr.replay;

import io.tmr.replay.ratelimit.RateLimiter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;

/**
 * The buffer's lock and the Reverb-style rate limiter's waits: every buffer operation runs between
 * {@link #lock()} and {@link #unlock()}; in {@code replay.rateLimit=block} mode an insert or a
 * sample that the limiter does not admit waits (releasing the lock) until the other side has made
 * room, up to {@code replay.rateLimitTimeoutMs}. Closing wakes every waiter.
 */
final class RateGate {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition insertable = lock.newCondition();
  private final Condition sampleable = lock.newCondition();
  private final RateLimiter limiter;
  private final long timeoutMs;
  private final ReplayConfig config;
  private final BufferCounters counters;
  private boolean closed;

  RateGate(ReplayConfig config, BufferCounters counters) {
    this.config = config;
    this.limiter = new RateLimiter(config);
    this.timeoutMs = config.rateLimitTimeoutMs();
    this.counters = counters;
  }

  RateLimiter limiter() {
    return limiter;
  }

  /** Runs {@code body} under the lock. */
  <T> T locked(java.util.function.Supplier<T> body) {
    lock.lock();
    try {
      return body.get();
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code body} under the lock, refusing when the buffer is closed. */
  <T> T open(java.util.function.Supplier<T> body) {
    return locked(
        () -> {
          ensureOpen();
          return body.get();
        });
  }

  /** A body that may fail with an {@link java.io.IOException}. */
  @FunctionalInterface
  interface IoBody {
    void run() throws java.io.IOException;
  }

  /** Runs {@code body} under the lock. */
  void lockedIo(IoBody body) throws java.io.IOException {
    lock.lock();
    try {
      body.run();
    } finally {
      lock.unlock();
    }
  }

  /** Throws when the buffer is closed. Call with the lock held. */
  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("replay buffer is closed");
    }
  }

  boolean closed() {
    return closed;
  }

  /** Marks the buffer closed and wakes every waiter (they then fail). Call with the lock held. */
  void close() {
    closed = true;
    insertable.signalAll();
    sampleable.signalAll();
  }

  /** Items were inserted: a waiting sampler may proceed. */
  void inserted() {
    sampleable.signalAll();
  }

  /** Items were drawn or removed: a waiting producer may proceed. */
  void drained() {
    insertable.signalAll();
  }

  /**
   * Whether {@code rows} items may be inserted at once now: true, or false for a try ({@code
   * tryOnly}), or a {@link RateLimitedException} explaining why not (refuse mode). Refusals are
   * counted.
   */
  boolean admitInsertNow(int rows, int size, boolean tryOnly) {
    if (limiter.canInsert(rows, size)) {
      return true;
    }
    counters.refusals++;
    if (tryOnly) {
      return false;
    }
    throw new RateLimitedException(limiter.whyNotInsert(rows, size));
  }

  /**
   * Whether {@code n} items may be drawn: at once, or after waiting in block mode; false for a try
   * that is not admitted now; a {@link RateLimitedException} in refuse mode (a limiter decision is
   * counted, a batch larger than the buffer is not).
   */
  boolean admitSample(int n, IntSupplier size, boolean tryOnly) {
    if (limiter.canSample(n, size.getAsInt())) {
      return true;
    }
    if (tryOnly) {
      return false;
    }
    if (config.rateLimit() == ReplayConfig.RateLimit.REFUSE) {
      if (n <= size.getAsInt()) {
        counters.refusals++;
      }
      throw new RateLimitedException(limiter.whyNotSample(n, size.getAsInt()));
    }
    com.google.common.base.Preconditions.checkArgument(
        limiter.admissible(n),
        "batch size %s can never be admitted: with "
            + "replay.samplesPerInsert=%s the limiter's window (2 x replay.errorBuffer = %s) must exceed batch + ratio",
        n,
        config.samplesPerInsert(),
        2 * config.errorBuffer());
    awaitSampleable(n, size);
    return true;
  }

  /** Waits (lock released meanwhile) until one more item may be inserted. */
  void awaitInsertable(IntSupplier size) {
    if (limiter.canInsert(1, size.getAsInt())) {
      return;
    }
    await(
        insertable,
        () -> limiter.canInsert(1, size.getAsInt()),
        "insert",
        () -> limiter.whyNotInsert(1, size.getAsInt()));
  }

  /** Waits (lock released meanwhile) until {@code n} items may be drawn. */
  void awaitSampleable(int n, IntSupplier size) {
    await(
        sampleable,
        () -> limiter.canSample(n, size.getAsInt()),
        "sample",
        () -> limiter.whyNotSample(n, size.getAsInt()));
  }

  private void await(
      Condition condition,
      java.util.function.BooleanSupplier admitted,
      String what,
      java.util.function.Supplier<String> why) {
    counters.waits++;
    long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    try {
      while (!admitted.getAsBoolean()) {
        ensureOpen();
        if (timeoutMs == 0) {
          condition.await();
        } else {
          if (nanos <= 0) {
            counters.refusals++;
            throw new RateLimitedException(
                "timed out after " + timeoutMs + " ms waiting to " + what + ": " + why.get());
          }
          nanos = condition.awaitNanos(nanos);
        }
      }
      ensureOpen();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RateLimitedException("interrupted while waiting to " + what, e);
    }
  }
}
