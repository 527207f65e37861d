package io.tmr.bench.pretrain;

import io.tmr.models.electra.ElectraConfig;

/**
 * The benchmark shapes of docs/performance.md (embedding size = hidden, generator = hidden/4, FFN 4 ×
 * hidden, as the PyTorch peer {@code ../shared/peers/torch_electra.py} builds them) plus the presets. No
 * peer figure lives here: a ratio to the peer comes from the peer's own output, measured on the same
 * machine ({@code tmr bench pretrain --peer FILE}, {@code bench/side-by-side.sh}).
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
}
