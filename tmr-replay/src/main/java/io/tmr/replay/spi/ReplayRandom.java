package io.tmr.replay.spi;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The buffer's only source of randomness: xoshiro256** (Blackman &amp; Vigna), seeded through
 * SplitMix64.
 *
 * <p>Implemented here rather than taken from {@code java.util.random} because its entire state is
 * four longs that a snapshot can write and restore exactly, so a restored buffer draws the same
 * sequence as the original. Not thread-safe: the buffer calls it under its lock.
 */
public final class ReplayRandom {

  private long s0;
  private long s1;
  private long s2;
  private long s3;

  public ReplayRandom(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L;
    s0 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s1 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s2 = mix(x);
    x += 0x9E3779B97F4A7C15L;
    s3 = mix(x);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform double in {@code [0, 1)} with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform int in {@code [0, bound)}, unbiased (Lemire's multiply-and-reject). */
  public int nextInt(int bound) {
    checkArgument(bound > 0, "bound must be positive, got %s", bound);
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** Uniform long in {@code [0, bound)}, unbiased (rejection on the top 63 bits). */
  public long nextLong(long bound) {
    checkArgument(bound > 0, "bound must be positive, got %s", bound);
    long r = nextLong() >>> 1;
    long m = bound - 1;
    if ((bound & m) == 0L) {
      return r & m;
    }
    for (long u = r; u - (r = u % bound) + m < 0L; u = nextLong() >>> 1) {
      // retry: u fell in the incomplete last block of size bound
    }
    return r;
  }

  /** A copy of the four state words, for snapshots. */
  public long[] state() {
    return new long[] {s0, s1, s2, s3};
  }

  /** Restores state words previously returned by {@link #state()}. */
  public void setState(long[] state) {
    checkArgument(state.length == 4, "xoshiro256** state has 4 words, got %s", state.length);
    checkArgument((state[0] | state[1] | state[2] | state[3]) != 0L, "all-zero xoshiro256** state");
    s0 = state[0];
    s1 = state[1];
    s2 = state[2];
    s3 = state[3];
  }
}
