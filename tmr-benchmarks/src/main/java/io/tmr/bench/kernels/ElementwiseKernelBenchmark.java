package io.tmr.bench.kernels;

import io.tmr.core.nn.Context;
import io.tmr.core.nn.Dropout;
import io.tmr.core.nn.Gelu;
import io.tmr.core.nn.LayerNorm;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Ops;
import io.tmr.core.tensor.RandomStream;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How long each element-wise kernel of a transformer layer takes on one shape-B activation (4,096
 * tokens = batch 32 x seq 128; hidden 256, FFN 1,024), float32, on {@code -Dtmr.threads} threads
 * (the default: the CPUs; run with {@code -jvmArgsAppend -Dtmr.threads=1} for the cost per element
 * on one core). Divide the time by {@link #tokens} x width for nanoseconds per element: GELU and
 * the bias broadcast run over [tokens, FFN], LayerNorm and the dropout kernels over [tokens,
 * hidden].
 *
 * <pre>
 * ./tmr bench jmh ElementwiseKernelBenchmark -- -f 1 -wi 3 -i 5 -w 1 -r 1
 * ./tmr bench jmh ElementwiseKernelBenchmark -- -f 1 -wi 3 -i 5 -w 1 -r 1 -jvmArgsAppend -Dtmr.simd=off
 * </pre>
 *
 * <p>The fork adds the Vector API module as TMR's launcher does ({@link io.tmr.core.tensor.Simd});
 * the second line measures the scalar loops instead.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class ElementwiseKernelBenchmark {
  @Param({"4096"})
  public int tokens;

  @Param({"256"})
  public int hidden;

  @Param({"1024"})
  public int ffn;

  private Matrix preActivation;
  private Matrix activated;
  private Matrix derivative;
  private Matrix ffnGradientStart;
  private Matrix ffnGradient;
  private Matrix ffnBias;
  private Matrix ffnOutput;
  private LayerNorm norm;
  private Matrix normInput;
  private Matrix normGradient;
  private Dropout dropout;
  private Matrix branchStart;
  private Matrix branch;
  private Matrix residual;
  private Matrix dropoutScratch;

  @Setup
  public void setUp() {
    RandomStream random = new RandomStream(7);
    preActivation = filled(tokens, ffn, random);
    activated = Matrix.allocate(DataType.FLOAT, tokens, ffn);
    derivative = Matrix.allocate(DataType.FLOAT, tokens, ffn);
    ffnGradientStart = filled(tokens, ffn, random);
    ffnGradient = Matrix.allocate(DataType.FLOAT, tokens, ffn);
    ffnBias = filled(1, ffn, random);
    ffnOutput = Matrix.allocate(DataType.FLOAT, tokens, ffn);
    norm = LayerNorm.create("bench.LayerNorm", hidden, 1e-12, 0, DataType.FLOAT);
    normInput = filled(tokens, hidden, random);
    normGradient = filled(tokens, hidden, random);
    norm.forward(normInput);
    dropout = new Dropout(0.1);
    dropout.sample(Context.training(new RandomStream(11)), tokens * hidden);
    branchStart = filled(tokens, hidden, random);
    branch = Matrix.allocate(DataType.FLOAT, tokens, hidden);
    residual = filled(tokens, hidden, random);
    dropoutScratch = Matrix.allocate(DataType.FLOAT, tokens, hidden);
    Gelu.ERF.forward(preActivation, activated, derivative);
  }

  /**
   * Fresh inputs for the two in-place kernels before every call: repeated in place, the GELU
   * backward would shrink its gradient into subnormals and the residual sum would grow without
   * bound, and neither is what a training step sees.
   */
  @Setup(Level.Invocation)
  public void resetInPlaceInputs() {
    ffnGradient.copyFrom(ffnGradientStart);
    branch.copyFrom(branchStart);
  }

  /** A float matrix of standard normal draws (also the attention benchmark's inputs). */
  static Matrix filled(int rows, int cols, RandomStream random) {
    Matrix m = Matrix.allocate(DataType.FLOAT, rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, random.nextGaussian());
    }
    return m;
  }

  /** GELU value and derivative over [tokens, FFN]. */
  @Benchmark
  public Matrix geluForward() {
    Gelu.ERF.forward(preActivation, activated, derivative);
    return activated;
  }

  /** The GELU backward: the gradient times the stored derivative, over [tokens, FFN]. */
  @Benchmark
  public Matrix geluBackward() {
    Gelu.backwardInPlace(ffnGradient, derivative);
    return ffnGradient;
  }

  /** A linear layer's bias written into every output row before its GEMM, over [tokens, FFN]. */
  @Benchmark
  public Matrix biasBroadcast() {
    Ops.broadcastRow(ffnBias, ffnOutput);
    return ffnOutput;
  }

  /** LayerNorm forward over [tokens, hidden]. */
  @Benchmark
  public Matrix layerNormForward() {
    return norm.forward(normInput);
  }

  /** LayerNorm backward over [tokens, hidden] (input gradient and gamma/beta gradients). */
  @Benchmark
  public Matrix layerNormBackward() {
    return norm.backward(normGradient);
  }

  /** Hidden dropout on a branch and the residual sum, in place, over [tokens, hidden]. */
  @Benchmark
  public Matrix dropoutAndResidual() {
    dropout.applyAndAddResidual(branch, residual);
    return branch;
  }

  /** The dropout mask applied to a gradient, into scratch, over [tokens, hidden]. */
  @Benchmark
  public Matrix dropoutBackward() {
    return dropout.applyTo(normGradient, dropoutScratch);
  }
}
