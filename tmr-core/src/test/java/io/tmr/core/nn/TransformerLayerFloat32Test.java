package io.tmr.core.nn;

import static io.tmr.core.nn.GradientChecker.relativeDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The float32 kernels of a training-mode transformer layer (fused residual LayerNorm, the gradient
 * through dropout, bias gradients from the column sums of the passes that produce them) against the
 * float64 layer, whose gradients the finite-difference tests check: same parameters, inputs and
 * dropout masks, every gradient within float32 rounding. Attention's float32 path (per-sequence
 * tasks, {@link io.tmr.core.tensor.SmallGemm}) and float64 path (per-head OpenBLAS products) differ
 * in code, so this also checks the former against the latter.
 */
class TransformerLayerFloat32Test {
  private static TransformerLayer layer(DataType type, int hidden) {
    TransformerConfig cfg =
        new TransformerConfig(hidden, 1, 2, 4 * hidden, 0.1, 0.1, 1e-12, 0.3, Gelu.ERF, type);
    return new TransformerLayer("layer", cfg, 1, new RandomStream(7), new Workspace(type));
  }

  private static Matrix matrix(DataType type, int rows, int cols, RandomStream r) {
    Matrix m = Matrix.allocate(type, rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, (float) r.nextGaussian());
    }
    return m;
  }

  @Test
  void float32GradientsMatchFloat64() {
    // Head size 32 over 24 tokens: the per-head products' one-vector tiles and leftover rows and
    // columns (SmallGemm).
    compareFloat32WithFloat64(64, 24, new int[] {24, 17, 9});
  }

  @Test
  void float32GradientsMatchFloat64AtTheBenchmarksHeadSize() {
    // Head size 64 over 72 tokens: the four-vector tiles of the per-head products.
    compareFloat32WithFloat64(128, 72, new int[] {72, 50});
  }

  private static void compareFloat32WithFloat64(int hidden, int seq, int[] lengths) {
    TransformerLayer l32 = layer(DataType.FLOAT, hidden);
    TransformerLayer l64 = layer(DataType.DOUBLE, hidden);
    List<Parameter> p32 = l32.parameters();
    List<Parameter> p64 = l64.parameters();
    RandomStream r = new RandomStream(11);
    for (int k = 0; k < p32.size(); k++) {
      Matrix v32 = p32.get(k).valueMatrix();
      Matrix v64 = p64.get(k).valueMatrix();
      boolean bias = p32.get(k).name().endsWith("bias");
      for (int i = 0; i < v32.size(); i++) {
        // Non-zero biases and LayerNorm shifts, so that every bias gradient path matters.
        double v = bias ? 0.2 * r.nextGaussian() : v32.get(i);
        v32.set(i, v);
        v64.set(i, v32.get(i));
      }
    }
    AttentionMask mask = AttentionMask.fromLengths(seq, lengths);
    int tokens = lengths.length * seq;
    Matrix x32 = matrix(DataType.FLOAT, tokens, hidden, r);
    Matrix dy32 = matrix(DataType.FLOAT, tokens, hidden, r);
    Matrix x64 = Matrix.allocate(DataType.DOUBLE, tokens, hidden);
    Matrix dy64 = Matrix.allocate(DataType.DOUBLE, tokens, hidden);
    for (int i = 0; i < x32.size(); i++) {
      x64.set(i, x32.get(i));
      dy64.set(i, dy32.get(i));
    }
    Parameters.zeroGrads(p32);
    Parameters.zeroGrads(p64);
    l32.forward(x32, mask, Context.training(new RandomStream(5)));
    l64.forward(x64, mask, Context.training(new RandomStream(5)));
    Matrix dx32 = l32.backward(dy32);
    Matrix dx64 = l64.backward(dy64);
    assertEquals(0.0, relativeDifference(dx32, dx64), 1e-4, "input gradient");
    int biases = 0;
    for (int k = 0; k < p32.size(); k++) {
      String name = p32.get(k).name();
      Matrix g32 = p32.get(k).gradMatrix();
      Matrix g64 = p64.get(k).gradMatrix();
      if (name.endsWith("key.bias")) {
        // Softmax ignores a shift shared by a query's scores: the key bias's gradient is zero up
        // to rounding, so no relative difference means anything; both must be tiny.
        for (int i = 0; i < g32.size(); i++) {
          assertEquals(0.0, g32.get(i), 1e-5, name);
          assertEquals(0.0, g64.get(i), 1e-12, name);
        }
        continue;
      }
      assertEquals(0.0, relativeDifference(g32, g64), 1e-4, name);
      if (name.endsWith("dense.bias")) {
        biases++;
      }
    }
    assertTrue(biases >= 3, "the dense layers' bias gradients were compared: " + biases);
  }
}
