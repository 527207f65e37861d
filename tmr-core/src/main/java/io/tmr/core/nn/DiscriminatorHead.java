package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * ELECTRA's replaced-token-detection head: {@code dense(H -> H), GELU, dense(H -> 1)}, one logit
 * per token. HF names: {@code <prefix>.dense}, {@code <prefix>.dense_prediction} ({@code
 * discriminator_predictions}).
 */
public final class DiscriminatorHead implements Module {
  private final Linear dense;
  private final Gelu gelu;
  private final Matrix activated;
  private final Linear prediction;
  private Matrix preActivation;

  public DiscriminatorHead(
      String prefix,
      int hidden,
      Gelu gelu,
      int depth,
      DataType dataType,
      RandomStream initRandom,
      double initStd) {
    this.dense =
        Linear.create(
            prefix + ".dense", hidden, hidden, true, depth, dataType, initRandom, initStd);
    this.gelu = gelu;
    this.activated = Matrix.empty(dataType);
    this.prediction =
        Linear.create(
            prefix + ".dense_prediction", hidden, 1, true, depth, dataType, initRandom, initStd);
  }

  /**
   * Sets the output bias to {@code logOdds} (and leaves the weights as initialised), so the head
   * starts by predicting probability {@code sigmoid(logOdds)} for every token.
   */
  public void initOutputBias(double logOdds) {
    prediction.bias().value().assign(logOdds);
  }

  /** {@code hidden [tokens, H] -> logits [tokens, 1]} (head-owned). */
  public Matrix forward(Matrix hidden) {
    preActivation = dense.forward(hidden);
    gelu.forward(preActivation, activated, preActivation);
    return prediction.forward(activated);
  }

  /** Accumulates gradients for {@code dLogits [tokens, 1]}; returns the hidden-state gradient. */
  public Matrix backward(Matrix dLogits) {
    checkState(preActivation != null, "backward before forward");
    Matrix dAct = prediction.backward(dLogits);
    Gelu.backwardInPlace(dAct, preActivation);
    return dense.backward(dAct);
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    dense.collectParameters(out);
    prediction.collectParameters(out);
  }
}
