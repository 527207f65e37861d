package io.tmr.models.pretrain;

/**
 * Model and schedule presets. {@code small} is ELECTRA-Small exactly (embedding 128, hidden 256, 12
 * layers, 4 heads, FFN 1024, bert-base-uncased vocabulary, batch 128, LR 5e-4, 10,000 warm-up
 * steps, 1M steps); {@code base} is ELECTRA-Base (768/12/12, embedding 768, batch 256, LR 2e-4,
 * 766k steps); {@code tiny} is sized for a 2-core CPU quickstart: hidden 128, 2 layers, 2 heads, a
 * vocabulary of 8,000 trained on the corpus, batch 32, and generator sampling temperature 2.0 (at
 * temperature 1 its discriminator stays at the base rate for the whole CPU budget;
 * docs/pretraining.md).
 */
public record Preset(
    String name,
    int embedding,
    int hidden,
    int layers,
    int heads,
    int batch,
    int steps,
    double learningRate,
    int warmup,
    boolean trainedVocab,
    double temperature) {

  /**
   * The preset's model shape over a vocabulary of {@code vocabSize} (FFN 4 × hidden, generator 1/4,
   * 512 positions).
   */
  public io.tmr.models.electra.ElectraConfig.Builder shape(int vocabSize) {
    return io.tmr.models.electra.ElectraConfig.builder()
        .vocab(vocabSize)
        .embedding(embedding)
        .hidden(hidden)
        .layers(layers)
        .heads(heads);
  }

  public static Preset of(String name) {
    return switch (name) {
      case "tiny" -> new Preset("tiny", 128, 128, 2, 2, 32, 2000, 1e-3, 200, true, 2.0);
      case "small" ->
          new Preset("small", 128, 256, 12, 4, 128, 1_000_000, 5e-4, 10_000, false, 1.0);
      case "base" -> new Preset("base", 768, 768, 12, 12, 256, 766_000, 2e-4, 10_000, false, 1.0);
      default ->
          throw new IllegalArgumentException(
              "unknown preset " + name + "; valid: tiny, small, base");
    };
  }
}
