package io.tmr.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A seeded SplitMix64 random stream whose whole state is one {@code long}, so that a checkpoint can
 * store it and a resumed run draws exactly the same numbers ({@link java.util.SplittableRandom}
 * hides its state). Also provides the stateless {@link #mix} hash used for counter-based dropout
 * masks, which makes a mask a pure function of (seed, element index) regardless of threading.
 */
public final class RandomStream {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long state;

  public RandomStream(long seed) {
    this.state = seed;
  }

  /** The current state; {@code new RandomStream(s.state())} continues identically. */
  public long state() {
    return state;
  }

  public void setState(long state) {
    this.state = state;
  }

  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** Uniform integer in [0, bound). */
  public int nextInt(int bound) {
    checkArgument(bound > 0, "bound must be positive: %s", bound);
    // Multiply-shift keeps the bias below 2^-32 for any int bound, which is negligible here.
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Standard normal by Box-Muller; draws two uniforms and uses one (no hidden cached value). */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1] so log is finite
    double u2 = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  /**
   * Normal with standard deviation {@code std}, redrawn until within two standard deviations, as
   * TensorFlow's {@code truncated_normal} initializer (used by BERT and ELECTRA) does.
   */
  public double nextTruncatedNormal(double std) {
    while (true) {
      double z = nextGaussian();
      if (Math.abs(z) <= 2.0) {
        return z * std;
      }
    }
  }

  /** The SplitMix64 finalizer: a stateless 64-bit hash with full avalanche. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
