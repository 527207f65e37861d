package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;

/**
 * A BERT/ELECTRA encoder model: embeddings, a projection {@code E -> H} when the embedding size
 * differs from the hidden size, and the transformer stack. HF names under {@code prefix}: {@code
 * embeddings.*}, {@code embeddings_project.*}, {@code encoder.layer.i.*} (prefix {@code electra}
 * for ELECTRA, empty for a plain BERT checkpoint such as MiniLM). Depths: embeddings and projection
 * 0, layer i is i + 1.
 *
 * <p>The embeddings may be shared with another model ({@link Embeddings#sharing()}): the ELECTRA
 * generator is built on the discriminator's embeddings so both add into the same gradients.
 */
public final class EncoderModel implements Module {
  private final Embeddings embeddings;
  private final Linear projection;
  private final TransformerEncoder encoder;
  private boolean ranForward;

  private EncoderModel(Embeddings embeddings, Linear projection, TransformerEncoder encoder) {
    this.embeddings = embeddings;
    this.projection = projection;
    this.encoder = encoder;
  }

  /** A model with its own new embeddings. */
  public static EncoderModel create(
      String prefix,
      EmbeddingConfig embeddingConfig,
      TransformerConfig config,
      RandomStream initRandom) {
    checkArgument(
        embeddingConfig.dataType() == config.dataType(), "embedding and encoder data types differ");
    Embeddings embeddings =
        Embeddings.create(join(prefix, "embeddings"), embeddingConfig, initRandom);
    return withEmbeddings(prefix, embeddings, config, initRandom);
  }

  /**
   * A model over the given embeddings (pass {@code other.embeddings().sharing()} to share them);
   * its projection and encoder are new.
   */
  public static EncoderModel withEmbeddings(
      String prefix, Embeddings embeddings, TransformerConfig config, RandomStream initRandom) {
    int e = embeddings.config().embeddingSize();
    Linear projection =
        e == config.hidden()
            ? null
            : Linear.create(
                join(prefix, "embeddings_project"),
                e,
                config.hidden(),
                true,
                0,
                config.dataType(),
                initRandom,
                config.initStd());
    TransformerEncoder encoder =
        new TransformerEncoder(join(prefix, "encoder"), config, 1, initRandom);
    return new EncoderModel(embeddings, projection, encoder);
  }

  /** {@code prefix.name}, or just {@code name} for an empty prefix. */
  public static String join(String prefix, String name) {
    return prefix == null || prefix.isEmpty() ? name : prefix + "." + name;
  }

  public Embeddings embeddings() {
    return embeddings;
  }

  /** The E -> H projection, or null when E == H. */
  public Linear projection() {
    return projection;
  }

  public TransformerEncoder encoder() {
    return encoder;
  }

  public TransformerConfig config() {
    return encoder.config();
  }

  /** Hidden states {@code [B*S, H]} (owned by the last layer) for the batch. */
  public Matrix forward(int[] tokenIds, int[] segmentIds, AttentionMask mask, Context ctx) {
    Matrix x = embeddings.forward(tokenIds, segmentIds, mask, ctx);
    if (projection != null) {
      x = projection.forward(x);
    }
    ranForward = true;
    return encoder.forward(x, mask, ctx);
  }

  /** Adds all gradients for {@code dHidden [B*S, H]}, down to the (possibly shared) embeddings. */
  public void backward(Matrix dHidden) {
    checkState(ranForward, "backward before forward");
    Matrix g = encoder.backward(dHidden);
    if (projection != null) {
      g = projection.backward(g);
    }
    embeddings.backward(g);
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    embeddings.collectParameters(out);
    if (projection != null) {
      projection.collectParameters(out);
    }
    encoder.collectParameters(out);
  }
}
