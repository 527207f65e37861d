package io.tmr.replay.ratelimit;

import io.tmr.replay.ReplayConfig;
import java.util.Locale;

/**
 * The admission arithmetic of DeepMind Reverb's {@code SampleToInsertRatio} limiter, over counts of
 * items (one insert per stored-or-offered item, one sample per drawn row).
 *
 * <p>With ratio {@code r = replay.samplesPerInsert}, min size {@code m = replay.minSize} and error
 * buffer {@code e = replay.errorBuffer}: {@code minDiff = r·m − e}, {@code maxDiff = r·m + e},
 * {@code diff = inserts·r − samples}.
 *
 * <ul>
 *   <li>k inserts are allowed when {@code size + k <= m} (filling up to the minimum is free), else
 *       when {@code (inserts + k)·r − samples <= maxDiff};
 *   <li>k samples are allowed when {@code size >= max(m, k)} and {@code inserts·r − samples − k >=
 *       minDiff}.
 * </ul>
 *
 * With {@code r = 0} only the size conditions apply. Not thread-safe: used under the buffer's lock,
 * which also owns the conditions that blocked callers wait on.
 */
public final class RateLimiter {

  private final double samplesPerInsert;
  private final int minSize;
  private final double minDiff;
  private final double maxDiff;
  private long inserts;
  private long samples;

  public RateLimiter(ReplayConfig config) {
    this.samplesPerInsert = config.samplesPerInsert();
    this.minSize = config.minSize();
    double offset = samplesPerInsert * minSize;
    this.minDiff = offset - config.errorBuffer();
    this.maxDiff = offset + config.errorBuffer();
  }

  public boolean ratioEnabled() {
    return samplesPerInsert > 0;
  }

  public boolean canInsert(int k, int size) {
    if ((long) size + k <= minSize || !ratioEnabled()) {
      return true;
    }
    return (inserts + k) * samplesPerInsert - samples <= maxDiff;
  }

  public boolean canSample(int k, int size) {
    if (size < k || size < minSize) {
      return false;
    }
    return !ratioEnabled() || inserts * samplesPerInsert - samples - k >= minDiff;
  }

  /**
   * Whether a batch of {@code k} samples can ever be admitted while a producer keeps inserting: a
   * blocked producer leaves {@code diff > maxDiff − r}, so {@code k <= maxDiff − r − minDiff}
   * suffices. A larger batch would wait forever.
   */
  public boolean admissible(int k) {
    return !ratioEnabled() || k <= maxDiff - samplesPerInsert - minDiff;
  }

  /** Why {@link #canInsert} is false, for exception messages. */
  public String whyNotInsert(int k, int size) {
    return String.format(
        Locale.ROOT,
        "rate limited: inserting %d item(s) would make inserts*samplesPerInsert - samples ="
            + " %.1f exceed %.1f (replay.samplesPerInsert=%s, replay.errorBuffer allows %.1f);"
            + " the consumer must sample first",
        k,
        (inserts + k) * samplesPerInsert - samples,
        maxDiff,
        samplesPerInsert,
        maxDiff);
  }

  /** Why {@link #canSample} is false, for exception messages. */
  public String whyNotSample(int k, int size) {
    if (size < k) {
      return String.format(Locale.ROOT, "batch %d > size %d: not enough items to sample", k, size);
    }
    if (size < minSize) {
      return String.format(
          Locale.ROOT,
          "rate limited: size %d < replay.minSize %d; insert more before sampling",
          size,
          minSize);
    }
    return String.format(
        Locale.ROOT,
        "rate limited: sampling %d item(s) would make inserts*samplesPerInsert - samples ="
            + " %.1f fall below %.1f (replay.samplesPerInsert=%s); the producer must insert first",
        k,
        inserts * samplesPerInsert - samples - k,
        minDiff,
        samplesPerInsert);
  }

  public void recordInserts(int k) {
    inserts += k;
  }

  public void recordSamples(int k) {
    samples += k;
  }

  public long inserts() {
    return inserts;
  }

  public long samples() {
    return samples;
  }

  /** Current {@code inserts·r − samples}. */
  public double diff() {
    return inserts * samplesPerInsert - samples;
  }

  public double minDiff() {
    return minDiff;
  }

  public double maxDiff() {
    return maxDiff;
  }

  /** Restores counters from a snapshot. */
  public void restore(long restoredInserts, long restoredSamples) {
    this.inserts = restoredInserts;
    this.samples = restoredSamples;
  }
}
