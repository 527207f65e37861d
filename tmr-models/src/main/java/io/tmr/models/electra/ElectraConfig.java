package io.tmr.models.electra;

import com.google.common.base.Preconditions;

/**
 * Shape of an ELECTRA model pair.
 *
 * @param vocabSize token vocabulary size
 * @param embeddingSize shared embedding width E (a projection E→H follows when E ≠ H)
 * @param hidden discriminator hidden size H
 * @param layers discriminator (and generator) depth
 * @param heads discriminator attention heads
 * @param intermediate discriminator FFN width
 * @param generatorHidden generator hidden size (ELECTRA: H/4)
 * @param generatorHeads generator heads (ELECTRA: max(1, generatorHidden/64))
 * @param generatorIntermediate generator FFN width (4 × generatorHidden)
 * @param maxPositions position embeddings
 * @param dropout hidden and attention dropout
 */
public record ElectraConfig(
    int vocabSize,
    int embeddingSize,
    int hidden,
    int layers,
    int heads,
    int intermediate,
    int generatorHidden,
    int generatorHeads,
    int generatorIntermediate,
    int maxPositions,
    double dropout) {

  public ElectraConfig {
    Preconditions.checkArgument(vocabSize > 5, "vocabSize %s too small", vocabSize);
    Preconditions.checkArgument(
        hidden % heads == 0, "hidden %s not divisible by heads %s", hidden, heads);
    Preconditions.checkArgument(
        generatorHidden % generatorHeads == 0,
        "generator hidden %s not divisible by heads %s",
        generatorHidden,
        generatorHeads);
    Preconditions.checkArgument(
        layers >= 1 && embeddingSize >= 1 && intermediate >= 1 && generatorIntermediate >= 1,
        "sizes must be positive");
    Preconditions.checkArgument(dropout >= 0 && dropout < 1, "dropout %s outside [0, 1)", dropout);
  }

  /**
   * A builder with ELECTRA's defaults: generator 1/4 of the discriminator, FFN 4 × hidden, 512
   * positions, dropout 0.1.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Named fields of a shape; {@link #build()} derives the generator as ELECTRA does: hidden ×
   * {@code generatorFraction}, heads max(1, hidden/64), FFN 4 × hidden.
   */
  public static final class Builder {
    private int vocab;
    private int embedding;
    private int hidden;
    private int layers;
    private int heads;
    private int intermediate;
    private double generatorFraction = 0.25;
    private int maxPositions = 512;
    private double dropout = 0.1;

    public Builder vocab(int v) {
      vocab = v;
      return this;
    }

    /** Shared embedding width E (a projection E→H follows when E ≠ H). */
    public Builder embedding(int v) {
      embedding = v;
      return this;
    }

    public Builder hidden(int v) {
      hidden = v;
      return this;
    }

    public Builder layers(int v) {
      layers = v;
      return this;
    }

    public Builder heads(int v) {
      heads = v;
      return this;
    }

    /** Discriminator FFN width (0: 4 × hidden). */
    public Builder intermediate(int v) {
      intermediate = v;
      return this;
    }

    public Builder generatorFraction(double v) {
      generatorFraction = v;
      return this;
    }

    public Builder maxPositions(int v) {
      maxPositions = v;
      return this;
    }

    public Builder dropout(double v) {
      dropout = v;
      return this;
    }

    public ElectraConfig build() {
      int gh = Math.max(1, (int) Math.round(hidden * generatorFraction));
      int gheads = Math.max(1, gh / 64);
      while (gh % gheads != 0) {
        gheads--;
      }
      return new ElectraConfig(
          vocab,
          embedding,
          hidden,
          layers,
          heads,
          intermediate > 0 ? intermediate : 4 * hidden,
          gh,
          gheads,
          4 * gh,
          maxPositions,
          dropout);
    }
  }

  /** Forward + backward FLOPs of one pretraining step (matrix products only; 3× the forward). */
  public double flopsPerStep(int batch, int seqLength, int predictionsPerSequence) {
    double tokens = (double) batch * seqLength;
    double disc =
        encoderFlops(hidden, intermediate, layers, tokens, seqLength)
            + (hidden != embeddingSize ? 2.0 * tokens * embeddingSize * hidden : 0)
            + 2.0 * tokens * hidden * hidden
            + 2.0 * tokens * hidden;
    double gen =
        encoderFlops(generatorHidden, generatorIntermediate, layers, tokens, seqLength)
            + (generatorHidden != embeddingSize
                ? 2.0 * tokens * embeddingSize * generatorHidden
                : 0);
    double preds = (double) batch * predictionsPerSequence;
    double mlm =
        2.0 * preds * generatorHidden * embeddingSize + 2.0 * preds * embeddingSize * vocabSize;
    return 3.0 * (disc + gen + mlm);
  }

  private static double encoderFlops(int h, int ffn, int layers, double tokens, int seq) {
    double perLayer =
        2.0 * tokens * h * 3 * h // QKV
            + 2.0 * tokens * seq * h * 2 // scores and context
            + 2.0 * tokens * h * h // output projection
            + 2.0 * tokens * h * ffn * 2; // FFN
    return layers * perLayer;
  }
}
