package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Matrix;

/**
 * ELECTRA's regression loss: the mean over the batch of {@code (prediction − target)²}, predictions
 * being the single column of a {@code [B, 1]} matrix.
 */
public final class MeanSquaredError {
  private Matrix predictions;
  private double[] targets;
  private Matrix gradient;

  /** The mean squared error; keeps the inputs for {@link #backward}. */
  public double forward(Matrix predictions, double[] targets) {
    checkArgument(
        predictions.cols() == 1, "regression predictions must have one column: %s", predictions);
    checkArgument(
        targets.length == predictions.rows(),
        "%s targets for %s predictions",
        targets.length,
        predictions.rows());
    this.predictions = predictions;
    this.targets = targets;
    double sum = 0;
    for (int i = 0; i < targets.length; i++) {
      double d = predictions.get(i) - targets[i];
      sum += d * d;
    }
    return sum / targets.length;
  }

  /**
   * {@code d(scale · loss)/d predictions = scale · 2 (p − t) / B}, in a matrix owned by this loss.
   */
  public Matrix backward(double scale) {
    checkState(predictions != null, "backward before forward");
    if (gradient == null || gradient.dataType() != predictions.dataType()) {
      gradient = Matrix.empty(predictions.dataType());
    }
    gradient.resize(targets.length, 1);
    double factor = 2.0 * scale / targets.length;
    for (int i = 0; i < targets.length; i++) {
      gradient.set(i, factor * (predictions.get(i) - targets[i]));
    }
    return gradient;
  }
}
