package io.tmr.bench.pretrain;

import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.pretrain.Preset;

/**
 * The benchmark shapes of docs/performance.md (embedding size = hidden, generator = hidden/4, FFN 4
 * × hidden, as the PyTorch peer {@code ../shared/peers/torch_electra.py} builds them) plus the
 * presets. No peer figure lives here: a ratio to the peer comes from the peer's own output,
 * measured on the same machine ({@code tmr bench pretrain --peer FILE}, {@code
 * bench/side-by-side.sh}).
 */
public final class Shapes {
  private Shapes() {}

  /**
   * A benchmark shape: {@code A} is the {@code tiny} preset's shape, {@code C} ELECTRA-Small's
   * discriminator with the embedding as wide as the hidden size (as the peer builds it); {@code
   * tiny} and {@code small} are the presets themselves.
   */
  public static ElectraConfig of(String name) {
    return switch (name) {
      case "A", "tiny" -> Preset.of("tiny").shape(8000).build();
      case "B" ->
          ElectraConfig.builder().vocab(8000).embedding(256).hidden(256).layers(4).heads(4).build();
      case "C" -> Preset.of("small").shape(30522).embedding(256).build();
      case "small" -> Preset.of("small").shape(30522).build();
      default ->
          throw new IllegalArgumentException(
              "unknown shape " + name + "; valid: A, B, C, small, tiny");
    };
  }
}
