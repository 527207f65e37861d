package io.tmr.bench.pretrain;

import io.tmr.models.electra.ElectraConfig;

/**
 * The benchmark shapes of docs/performance.md (embedding size = hidden, generator = hidden/4, as the
 * PyTorch peer was measured) plus the presets.
 */
public final class Shapes {
  private Shapes() {}

  public static ElectraConfig of(String name) {
    return switch (name) {
      case "A" -> ElectraConfig.of(8000, 128, 128, 2, 2, 512, 0.25, 512, 0.1);
      case "B" -> ElectraConfig.of(8000, 256, 256, 4, 4, 1024, 0.25, 512, 0.1);
      case "C" -> ElectraConfig.of(30522, 256, 256, 12, 4, 1024, 0.25, 512, 0.1);
      case "small" -> ElectraConfig.of(30522, 128, 256, 12, 4, 1024, 0.25, 512, 0.1);
      case "tiny" -> ElectraConfig.of(8000, 128, 128, 2, 2, 512, 0.25, 512, 0.1);
      default -> throw new IllegalArgumentException("unknown shape " + name + "; valid: A, B, C, small, tiny");
    };
  }

  /** The PyTorch peer's best tokens/s under the machine environment (performance.md), or NaN. */
  public static double peerTokensPerSecond(String name) {
    return switch (name) {
      case "A" -> 13_500;
      case "B" -> 3_870;
      case "C" -> 1_090;
      default -> Double.NaN;
    };
  }

  /** The peer's peak RSS in GB, or NaN. */
  public static double peerRssGb(String name) {
    return switch (name) {
      case "A" -> 0.6;
      case "B" -> 1.2;
      case "C" -> 2.9;
      default -> Double.NaN;
    };
  }
}
