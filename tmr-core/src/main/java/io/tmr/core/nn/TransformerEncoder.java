package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkState;

import com.google.common.collect.ImmutableList;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;

/**
 * A stack of {@link TransformerLayer}s named {@code prefix.layer.i} (HF: {@code
 * electra.encoder.layer.i}); layer i has learning-rate depth {@code firstDepth + i}. The layers
 * share one {@link Workspace} for scratch that does not outlive a layer call.
 */
public final class TransformerEncoder implements Module {
  private final TransformerConfig config;
  private final List<TransformerLayer> layers;
  private Matrix lastOutput;

  /**
   * @param prefix e.g. {@code electra.encoder}
   * @param firstDepth depth of layer 0 (1 when embeddings are depth 0)
   */
  public TransformerEncoder(
      String prefix, TransformerConfig config, int firstDepth, RandomStream initRandom) {
    this.config = config;
    Workspace workspace = new Workspace(config.dataType());
    ImmutableList.Builder<TransformerLayer> b = ImmutableList.builder();
    for (int i = 0; i < config.layers(); i++) {
      b.add(
          new TransformerLayer(
              prefix + ".layer." + i, config, firstDepth + i, initRandom, workspace));
    }
    this.layers = b.build();
  }

  public TransformerConfig config() {
    return config;
  }

  public List<TransformerLayer> layers() {
    return layers;
  }

  /** Runs all layers; the result belongs to the last layer. */
  public Matrix forward(Matrix x, AttentionMask mask, Context ctx) {
    Matrix h = x;
    for (TransformerLayer layer : layers) {
      h = layer.forward(h, mask, ctx);
    }
    lastOutput = h;
    return h;
  }

  /** Backpropagates {@code dy} through all layers; returns the input gradient. */
  public Matrix backward(Matrix dy) {
    checkState(lastOutput != null, "backward before forward");
    Matrix g = dy;
    for (int i = layers.size() - 1; i >= 0; i--) {
      g = layers.get(i).backward(g);
    }
    return g;
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    for (TransformerLayer layer : layers) {
      layer.collectParameters(out);
    }
  }
}
