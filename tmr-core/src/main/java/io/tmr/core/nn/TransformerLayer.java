package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;

/**
 * One post-LayerNorm transformer layer (BERT/ELECTRA): {@code h = LN(x + drop(attn(x))); y = LN(h +
 * drop(W2 gelu(W1 h + b1) + b2))}.
 *
 * <p>HF names under the prefix: {@code attention.self.*}, {@code attention.output.dense}, {@code
 * attention.output.LayerNorm}, {@code intermediate.dense}, {@code output.dense}, {@code
 * output.LayerNorm}. The GELU derivative overwrites the intermediate pre-activation in place (it is
 * not needed otherwise), so the [tokens, FFN] activations kept for backward are two.
 */
public final class TransformerLayer implements Module {
  private final SelfAttention attention;
  private final Dropout attentionOutputDropout;
  private final LayerNorm attentionNorm;
  private final Linear intermediate;
  private final Gelu gelu;
  private final Matrix activated;
  private final Linear output;
  private final Dropout outputDropout;
  private final LayerNorm outputNorm;
  private final Workspace workspace;
  private final ColumnSums activatedGradientSums = new ColumnSums();
  private Matrix preActivation;
  private boolean ranForward;

  public TransformerLayer(
      String name,
      TransformerConfig config,
      int depth,
      RandomStream initRandom,
      Workspace workspace) {
    this.workspace = workspace;
    this.attention =
        new SelfAttention(
            name + ".attention",
            config.hidden(),
            config.heads(),
            config.attentionDropout(),
            depth,
            config.dataType(),
            initRandom,
            config.initStd(),
            workspace);
    this.attentionOutputDropout = new Dropout(config.hiddenDropout());
    this.attentionNorm =
        LayerNorm.create(
            name + ".attention.output.LayerNorm",
            config.hidden(),
            config.layerNormEps(),
            depth,
            config.dataType());
    this.intermediate =
        Linear.create(
            name + ".intermediate.dense",
            config.hidden(),
            config.intermediate(),
            true,
            depth,
            config.dataType(),
            initRandom,
            config.initStd());
    this.gelu = config.gelu();
    this.activated = Matrix.empty(config.dataType());
    this.output =
        Linear.create(
            name + ".output.dense",
            config.intermediate(),
            config.hidden(),
            true,
            depth,
            config.dataType(),
            initRandom,
            config.initStd());
    // Gradients consumed inside this layer's backward live in the stack's shared workspace.
    this.output.useInputGradBuffer(workspace.matrix("layer.intermediateGradients"));
    this.attention.outputDense().useInputGradBuffer(workspace.matrix("attention.contextGradients"));
    this.outputDropout = new Dropout(config.hiddenDropout());
    this.outputNorm =
        LayerNorm.create(
            name + ".output.LayerNorm",
            config.hidden(),
            config.layerNormEps(),
            depth,
            config.dataType());
  }

  public SelfAttention attention() {
    return attention;
  }

  /** {@code x [B*S, H] -> [B*S, H]}; the result belongs to this layer. */
  public Matrix forward(Matrix x, AttentionMask mask, Context ctx) {
    Matrix a = attention.forward(x, mask, ctx);
    attentionOutputDropout.sample(ctx, a.size()); // timed as "dropout mask"
    Matrix h = attentionNorm.forwardResidual(a, x, attentionOutputDropout);
    preActivation = intermediate.forward(h);
    gelu.forward(preActivation, activated, preActivation);
    Matrix o = output.forward(activated);
    outputDropout.sample(ctx, o.size()); // timed as "dropout mask"
    ranForward = true;
    return outputNorm.forwardResidual(o, h, outputDropout);
  }

  /** Accumulates parameter gradients for {@code dy}; returns the input gradient (layer-owned). */
  public Matrix backward(Matrix dy) {
    checkState(ranForward, "backward before forward");
    Matrix scratch = workspace.matrix("layer.dropoutGradients");
    Matrix dDropped = outputNorm.backwardThroughDropout(dy, outputDropout, scratch);
    Matrix dSum2 = outputNorm.inputGrad();
    // Each bias gradient comes from the column sums of the pass that produced the gradient.
    Matrix dActivated = output.backward(dDropped, outputNorm.returnedGradientSums());
    Gelu.backwardInPlace(dActivated, preActivation, activatedGradientSums);
    // dH = residual gradient (dSum2) + FFN input gradient, summed by GEMM into dSum2's buffer.
    intermediate.backwardAccumulating(dActivated, dSum2, activatedGradientSums);
    Matrix dAttention =
        attentionNorm.backwardThroughDropout(dSum2, attentionOutputDropout, scratch);
    Matrix dSum1 = attentionNorm.inputGrad();
    // dX = residual gradient (dSum1) + attention input gradient, likewise summed in place.
    attention.backwardAccumulating(dAttention, dSum1, attentionNorm.returnedGradientSums());
    return dSum1;
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    attention.collectParameters(out);
    attentionNorm.collectParameters(out);
    intermediate.collectParameters(out);
    output.collectParameters(out);
    outputNorm.collectParameters(out);
  }
}
