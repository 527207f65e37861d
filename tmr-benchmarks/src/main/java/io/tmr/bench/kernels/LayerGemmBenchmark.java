package io.tmr.bench.kernels;

import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.Matrix;
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
 * How fast each of a transformer layer's twelve matrix products runs on its own, through {@link
 * Blas#gemm} as the step calls it (split over {@code -Dtmr.threads} threads by default), at shape
 * B: 4,096 tokens, hidden 256, FFN 1,024. GFLOP/s = 2 m n k / time; compare with the in-process
 * GEMM peak that {@code tmr bench pretrain} prints, and with the step's own "gemm [discriminator]"
 * rate in its profile (the same products with the rest of the step around them).
 *
 * <pre>
 * ./tmr bench jmh LayerGemmBenchmark -- -f 1 -wi 5 -i 5 -w 1 -r 1
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class LayerGemmBenchmark {
  /** Which product: forward x W^T, input gradient dy W, or weight gradient dy^T x. */
  @Param({"forward", "input-grad", "weight-grad"})
  public String kind;

  /** Which linear layer of the transformer layer. */
  @Param({"qkv", "attention-output", "ffn-in", "ffn-out"})
  public String layer;

  @Param({"4096"})
  public int tokens;

  @Param({"256"})
  public int hidden;

  @Param({"1024"})
  public int ffn;

  private boolean transA;
  private boolean transB;
  private Matrix a;
  private Matrix b;
  private Matrix c;

  @Setup
  public void setUp() {
    int in;
    int out;
    switch (layer) {
      case "qkv" -> {
        in = hidden;
        out = 3 * hidden;
      }
      case "attention-output" -> {
        in = hidden;
        out = hidden;
      }
      case "ffn-in" -> {
        in = hidden;
        out = ffn;
      }
      case "ffn-out" -> {
        in = ffn;
        out = hidden;
      }
      default -> throw new IllegalArgumentException("unknown layer part " + layer);
    }
    switch (kind) {
      case "forward" -> { // y [T, out] = x [T, in] W^T, W [out, in]
        transA = false;
        transB = true;
        a = filled(tokens, in);
        b = filled(out, in);
        c = filled(tokens, out);
      }
      case "input-grad" -> { // dx [T, in] = dy [T, out] W
        transA = false;
        transB = false;
        a = filled(tokens, out);
        b = filled(out, in);
        c = filled(tokens, in);
      }
      case "weight-grad" -> { // dW [out, in] += dy^T [out, T] x [T, in]
        transA = true;
        transB = false;
        a = filled(tokens, out);
        b = filled(tokens, in);
        c = filled(out, in);
      }
      default -> throw new IllegalArgumentException("unknown product kind " + kind);
    }
  }

  private static Matrix filled(int rows, int cols) {
    Matrix m = Matrix.allocate(DataType.FLOAT, rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, Math.sin(i * 0.37) * 0.1);
    }
    return m;
  }

  /** One product, accumulating into C ({@code beta = 1}) as the step's do. */
  @Benchmark
  public Matrix gemm() {
    Blas.gemm(transA, transB, 1.0, a, b, 1.0, c);
    return c;
  }
}
