package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.tmr.core.tensor.Matrix;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trainable tensor: its HF-style name (the key in checkpoints and safetensors), its value, its
 * gradient, whether decoupled weight decay applies, and its depth for layer-wise learning-rate
 * decay (0 = embeddings, i + 1 = encoder layer i, larger = heads).
 *
 * <p>Gradients accumulate: every backward pass adds into {@link #grad()}, so a parameter shared by
 * two consumers (the ELECTRA generator and discriminator share embeddings; the MLM output layer
 * reuses the token embedding matrix) receives the sum of both contributions. The optimizer or the
 * training loop clears gradients with {@link #zeroGrad()} once per step.
 *
 * <p>Weight matrices are stored as HF/PyTorch {@code nn.Linear} does, {@code [out, in]}, so that
 * names and shapes match HF checkpoints without transposition.
 */
public final class Parameter {
  private final String name;
  private final INDArray value;
  private final INDArray grad;
  private final Matrix valueMatrix;
  private final Matrix gradMatrix;
  private final boolean weightDecay;
  private final int depth;

  /**
   * Wraps {@code value} (contiguous c-order, possibly a view of a fused buffer) and {@code grad}
   * (same shape and type) as a parameter.
   */
  public Parameter(String name, INDArray value, INDArray grad, boolean weightDecay, int depth) {
    this.name = checkNotNull(name, "name");
    checkArgument(!name.isBlank(), "blank parameter name");
    checkArgument(
        Arrays.equals(value.shape(), grad.shape()),
        "%s: grad shape %s != value shape %s",
        name,
        Arrays.toString(grad.shape()),
        Arrays.toString(value.shape()));
    checkArgument(value.dataType() == grad.dataType(), "%s: mixed data types", name);
    checkArgument(depth >= 0, "%s: negative depth %s", name, depth);
    this.value = value;
    this.grad = grad;
    this.valueMatrix = Matrix.wrap(value);
    this.gradMatrix = Matrix.wrap(grad);
    this.weightDecay = weightDecay;
    this.depth = depth;
  }

  /** Allocates a zero value and zero gradient of the given shape. */
  public static Parameter zeros(
      String name, DataType dataType, long[] shape, boolean weightDecay, int depth) {
    return new Parameter(
        name,
        Nd4j.create(dataType, shape, 'c'),
        Nd4j.create(dataType, shape, 'c'),
        weightDecay,
        depth);
  }

  public String name() {
    return name;
  }

  /** The value; optimizers update it in place. */
  public INDArray value() {
    return value;
  }

  /** The accumulated gradient. */
  public INDArray grad() {
    return grad;
  }

  /** The value as a row-major matrix ([out, in] for weights, one row for vectors). */
  public Matrix valueMatrix() {
    return valueMatrix;
  }

  public Matrix gradMatrix() {
    return gradMatrix;
  }

  /** True when decoupled weight decay applies (false for biases and LayerNorm parameters). */
  public boolean weightDecay() {
    return weightDecay;
  }

  public int depth() {
    return depth;
  }

  public long length() {
    return value.length();
  }

  public long[] shape() {
    return value.shape();
  }

  public DataType dataType() {
    return value.dataType();
  }

  /** Sets the gradient to zero. */
  public void zeroGrad() {
    gradMatrix.fill(0.0);
  }

  /** Fills the value from {@code source} (same number of elements, any type convertible). */
  public void assign(INDArray source) {
    checkArgument(
        source.length() == value.length(),
        "%s: cannot assign %s elements to %s",
        name,
        source.length(),
        value.length());
    value.assign(source.reshape(value.shape()).castTo(value.dataType()));
  }

  @Override
  public String toString() {
    return name + Arrays.toString(value.shape());
  }
}
