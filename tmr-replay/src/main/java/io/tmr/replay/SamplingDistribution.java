package io.tmr.replay;

/**
 * How far the sampling distribution P over the buffered items is from uniform: the diagnostic that
 * shows whether priorities steer sampling at all.
 *
 * @param items N, the items P is over
 * @param essRatio effective sample size over N, {@code (Σp)² / (N·Σp²)}: 1 for uniform sampling,
 *     1/N when one item takes all the mass
 * @param klUniform {@code KL(P ‖ uniform) = Σ p·ln(N·p)} in nats: 0 for uniform, ln N at most
 */
public record SamplingDistribution(int items, double essRatio, double klUniform) {

  /** The summary of an empty or disabled buffer. */
  public static SamplingDistribution empty() {
    return new SamplingDistribution(0, Double.NaN, Double.NaN);
  }

  /**
   * The distribution {@code sampler} draws from over every item of {@code items} now (call under
   * the buffer's lock).
   */
  static SamplingDistribution of(
      io.tmr.replay.spi.SamplingPolicy sampler, io.tmr.replay.spi.ItemView items) {
    int n = items.size();
    double[] p = new double[n];
    int i = 0;
    for (int s = items.oldest();
        s != io.tmr.replay.spi.ItemView.NONE && i < n;
        s = items.newer(s)) {
      p[i++] = sampler.probability(s, items);
    }
    return of(p, i);
  }

  /** Summarises the (not necessarily normalised) probabilities {@code p[0, n)}. */
  public static SamplingDistribution of(double[] p, int n) {
    if (n == 0) {
      return empty();
    }
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < n; i++) {
      sum += p[i];
      sumSq += p[i] * p[i];
    }
    if (!(sum > 0)) {
      return new SamplingDistribution(n, Double.NaN, Double.NaN);
    }
    double kl = 0;
    for (int i = 0; i < n; i++) {
      double q = p[i] / sum;
      if (q > 0) {
        kl += q * Math.log(n * q);
      }
    }
    return new SamplingDistribution(n, sum * sum / (n * sumSq), Math.max(0.0, kl));
  }
}
