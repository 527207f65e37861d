package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Ops;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Fully connected layer {@code y = x W^T + b} on row-major activations {@code x [rows, in]}, weight
 * {@code W [out, in]} (PyTorch layout), optional bias {@code b [out]}.
 *
 * <p>Forward writes the bias into every output row and lets GEMM accumulate onto it ({@code beta =
 * 1}), which costs one write pass instead of a GEMM zero pass plus a bias pass. Backward computes
 * {@code dx = dy W} and accumulates {@code dW += dy^T x}, {@code db += colsum(dy)} (GEMV): adding,
 * not overwriting, is what lets a weight be shared, e.g. the token embeddings reused as the MLM
 * output layer ({@link #tied}).
 *
 * <p>The input matrix is kept by reference until backward: callers must not overwrite it in
 * between. The returned output and input-gradient matrices belong to this layer and are reused by
 * the next call.
 */
public final class Linear implements Module {
  private final Parameter weight;
  private final Parameter bias;
  private final int inFeatures;
  private final int outFeatures;
  private final Matrix output;
  private Matrix inputGrad;
  private final Matrix ones;
  private Matrix input;

  private Linear(Parameter weight, Parameter bias) {
    checkArgument(weight.shape().length == 2, "weight must be [out, in]: %s", weight);
    this.weight = weight;
    this.bias = bias;
    this.outFeatures = Math.toIntExact(weight.shape()[0]);
    this.inFeatures = Math.toIntExact(weight.shape()[1]);
    if (bias != null) {
      checkArgument(bias.length() == outFeatures, "bias %s does not match weight %s", bias, weight);
    }
    DataType dt = weight.dataType();
    this.output = Matrix.empty(dt);
    this.inputGrad = Matrix.empty(dt);
    this.ones = Matrix.empty(dt);
  }

  /**
   * A new layer with parameters {@code name.weight} (decayed) and {@code name.bias} (not decayed),
   * weight drawn from the truncated normal with {@code initStd}, bias zero.
   */
  public static Linear create(
      String name,
      int inFeatures,
      int outFeatures,
      boolean withBias,
      int depth,
      DataType dataType,
      RandomStream initRandom,
      double initStd) {
    checkArgument(inFeatures > 0 && outFeatures > 0, "bad shape %s -> %s", inFeatures, outFeatures);
    Parameter w =
        Parameter.zeros(
            name + ".weight", dataType, new long[] {outFeatures, inFeatures}, true, depth);
    Init.truncatedNormal(w, initRandom, initStd);
    Parameter b =
        withBias
            ? Parameter.zeros(name + ".bias", dataType, new long[] {outFeatures}, false, depth)
            : null;
    return new Linear(w, b);
  }

  /**
   * A layer over existing parameters, e.g. the token-embedding matrix {@code [vocab, E]} used as
   * the MLM output weight; gradients from this layer are added to those of the other users. {@code
   * bias} may be null.
   */
  public static Linear tied(Parameter weight, Parameter bias) {
    return new Linear(checkNotNull(weight, "weight"), bias);
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null. */
  public Parameter bias() {
    return bias;
  }

  public int inFeatures() {
    return inFeatures;
  }

  public int outFeatures() {
    return outFeatures;
  }

  /** {@code x [rows, in] -> y [rows, out]}; keeps {@code x} for backward. */
  public Matrix forward(Matrix x) {
    checkArgument(
        x.cols() == inFeatures, "input has %s columns, layer expects %s", x.cols(), inFeatures);
    input = x;
    int rows = x.rows();
    output.resize(rows, outFeatures);
    long t = Profiler.start();
    if (bias != null) {
      Ops.broadcastRow(bias.valueMatrix(), output);
    } else {
      output.fill(0.0);
    }
    Profiler.end("bias broadcast", t);
    Blas.gemm(false, true, 1.0, x, weight.valueMatrix(), 1.0, output);
    return output;
  }

  /** The output of the last forward pass. */
  public Matrix output() {
    return output;
  }

  /**
   * Accumulates parameter gradients for {@code dy [rows, out]} and returns {@code dx [rows, in]}.
   */
  public Matrix backward(Matrix dy) {
    backward(dy, true);
    return inputGrad;
  }

  /**
   * Accumulates parameter gradients; computes the input gradient only when asked (it is the most
   * expensive of the three products for a vocabulary-sized layer, and unneeded for a first layer).
   */
  public void backward(Matrix dy, boolean needInputGrad) {
    backward(dy, needInputGrad, null);
  }

  /**
   * {@link #backward(Matrix)} with {@code dy}'s column sums already computed by the pass that
   * produced it (for the bias gradient, instead of a GEMV over dy); {@code dySums} may be null or
   * not ready, and then the GEMV runs.
   */
  Matrix backward(Matrix dy, ColumnSums dySums) {
    backward(dy, true, dySums);
    return inputGrad;
  }

  private void backward(Matrix dy, boolean needInputGrad, ColumnSums dySums) {
    checkState(input != null, "backward before forward");
    checkArgument(
        dy.rows() == input.rows() && dy.cols() == outFeatures,
        "gradient is %s, expected %s x %s",
        dy,
        input.rows(),
        outFeatures);
    Blas.gemm(true, false, 1.0, dy, input, 1.0, weight.gradMatrix());
    if (bias != null) {
      if (dySums != null && dySums.readyFor(dy)) {
        long t = Profiler.start();
        dySums.addTo(bias.gradMatrix(), dy);
        Profiler.end("bias grad (fused column sums)", t);
      } else {
        Ops.ensureOnes(ones, dy.rows());
        Blas.columnSums(1.0, dy, ones, 1.0, bias.gradMatrix());
      }
    }
    if (needInputGrad) {
      inputGrad.resize(dy.rows(), inFeatures);
      Blas.gemm(false, false, 1.0, dy, weight.valueMatrix(), 0.0, inputGrad);
    }
  }

  /**
   * Accumulates parameter gradients and adds the input gradient into {@code inputGradTarget}
   * ({@code [rows, in]}) instead of a layer-owned buffer: GEMM with {@code beta = 1} does the
   * residual-branch sum of a transformer layer for free.
   */
  public void backwardAccumulating(Matrix dy, Matrix inputGradTarget) {
    backwardAccumulating(dy, inputGradTarget, null);
  }

  /**
   * {@link #backwardAccumulating(Matrix, Matrix)} with dy's column sums as in {@link
   * #backward(Matrix, ColumnSums)}.
   */
  void backwardAccumulating(Matrix dy, Matrix inputGradTarget, ColumnSums dySums) {
    backward(dy, false, dySums);
    checkArgument(
        inputGradTarget.rows() == dy.rows() && inputGradTarget.cols() == inFeatures,
        "target is %s, expected %s x %s",
        inputGradTarget,
        dy.rows(),
        inFeatures);
    Blas.gemm(false, false, 1.0, dy, weight.valueMatrix(), 1.0, inputGradTarget);
  }

  /**
   * Makes backward write the input gradient into {@code buffer} (e.g. {@link Workspace} scratch
   * shared by all layers of a stack) instead of a buffer of its own: for gradients consumed within
   * the same layer's backward, one buffer per stack suffices.
   */
  public Linear useInputGradBuffer(Matrix buffer) {
    checkArgument(buffer.dataType() == weight.dataType(), "data type mismatch");
    this.inputGrad = buffer;
    return this;
  }

  /** The input gradient of the last {@link #backward(Matrix)}. */
  public Matrix inputGrad() {
    return inputGrad;
  }

  @Override
  public void collectParameters(List<Parameter> out) {
    out.add(weight);
    if (bias != null) {
      out.add(bias);
    }
  }
}
