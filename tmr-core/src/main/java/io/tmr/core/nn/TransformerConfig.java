package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * Shape and regularisation of a transformer encoder stack.
 *
 * @param hidden model width H
 * @param layers number of layers
 * @param heads attention heads (H must be divisible by it)
 * @param intermediate feed-forward width (4H in BERT/ELECTRA)
 * @param hiddenDropout dropout after attention output and FFN output (0.1)
 * @param attentionDropout dropout on attention probabilities (0.1)
 * @param layerNormEps LayerNorm epsilon (1e-12 in BERT/ELECTRA and MiniLM)
 * @param initStd truncated-normal init standard deviation (0.02)
 * @param gelu GELU form ({@link Gelu#ERF} as in the reference implementations)
 * @param dataType FLOAT for training, DOUBLE for gradient checks
 */
public record TransformerConfig(
    int hidden,
    int layers,
    int heads,
    int intermediate,
    double hiddenDropout,
    double attentionDropout,
    double layerNormEps,
    double initStd,
    Gelu gelu,
    DataType dataType) {

  public TransformerConfig {
    checkArgument(hidden > 0 && layers >= 0 && heads > 0 && intermediate > 0, "bad sizes");
    checkArgument(hidden % heads == 0, "hidden %s not divisible by heads %s", hidden, heads);
    checkArgument(layerNormEps > 0 && initStd >= 0, "bad eps/initStd");
    checkNotNull(gelu, "gelu");
    checkArgument(
        dataType == DataType.FLOAT || dataType == DataType.DOUBLE, "dataType %s", dataType);
  }

  /** ELECTRA/BERT defaults: FFN 4H, dropout 0.1, eps 1e-12, std 0.02, exact GELU, float32. */
  public static TransformerConfig of(int hidden, int layers, int heads) {
    return new TransformerConfig(
        hidden, layers, heads, 4 * hidden, 0.1, 0.1, 1e-12, 0.02, Gelu.ERF, DataType.FLOAT);
  }

  public TransformerConfig withIntermediate(int value) {
    return new TransformerConfig(
        hidden,
        layers,
        heads,
        value,
        hiddenDropout,
        attentionDropout,
        layerNormEps,
        initStd,
        gelu,
        dataType);
  }

  public TransformerConfig withDropout(double hidden, double attention) {
    return new TransformerConfig(
        this.hidden,
        layers,
        heads,
        intermediate,
        hidden,
        attention,
        layerNormEps,
        initStd,
        gelu,
        dataType);
  }

  public TransformerConfig withGelu(Gelu value) {
    return new TransformerConfig(
        hidden,
        layers,
        heads,
        intermediate,
        hiddenDropout,
        attentionDropout,
        layerNormEps,
        initStd,
        value,
        dataType);
  }

  public TransformerConfig withLayerNormEps(double value) {
    return new TransformerConfig(
        hidden,
        layers,
        heads,
        intermediate,
        hiddenDropout,
        attentionDropout,
        value,
        initStd,
        gelu,
        dataType);
  }

  public TransformerConfig withDataType(DataType value) {
    return new TransformerConfig(
        hidden,
        layers,
        heads,
        intermediate,
        hiddenDropout,
        attentionDropout,
        layerNormEps,
        initStd,
        gelu,
        value);
  }
}
