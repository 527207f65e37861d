package io.tmr.bench.kernels;

import io.tmr.core.nn.AttentionMask;
import io.tmr.core.nn.Context;
import io.tmr.core.nn.SelfAttention;
import io.tmr.core.nn.Workspace;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.buffer.DataType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What one self-attention block costs, forward and forward + backward, as the step runs it: the
 * fused QKV projection, the per-(sequence, head) score and context products with their softmax and
 * attention dropout, and the output projection, at shape B (32 sequences of 128 tokens, hidden 256,
 * 4 heads, dropout 0.1) by default, split over {@code -Dtmr.threads} threads. Subtract the
 * projections' share ({@link LayerGemmBenchmark}: the QKV and attention-output rows) to see the
 * per-head part, which the step's profile reports as "gemm per head (parallel)".
 *
 * <pre>
 * ./tmr bench jmh AttentionBenchmark -- -f 1 -wi 5 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class AttentionBenchmark {
  @Param({"32"})
  public int batch;

  @Param({"128"})
  public int seq;

  @Param({"256"})
  public int hidden;

  @Param({"4"})
  public int heads;

  /** Attention dropout probability (0 runs the block without a mask). */
  @Param({"0.1"})
  public double dropout;

  private SelfAttention attention;
  private AttentionMask mask;
  private Matrix input;
  private Matrix outputGradient;
  private long step;

  @Setup
  public void setUp() {
    RandomStream random = new RandomStream(7);
    attention =
        new SelfAttention(
            "bench.attention",
            hidden,
            heads,
            dropout,
            0,
            DataType.FLOAT,
            random,
            0.02,
            new Workspace(DataType.FLOAT));
    mask = AttentionMask.full(batch, seq);
    input = ElementwiseKernelBenchmark.filled(batch * seq, hidden, random);
    outputGradient = ElementwiseKernelBenchmark.filled(batch * seq, hidden, random);
  }

  /** A fresh dropout mask per call, as every training step draws one. */
  private Context context() {
    return Context.training(new RandomStream(++step));
  }

  @Benchmark
  public Matrix forward() {
    return attention.forward(input, mask, context());
  }

  @Benchmark
  public Matrix forwardBackward() {
    attention.forward(input, mask, context());
    return attention.backward(outputGradient);
  }
}
