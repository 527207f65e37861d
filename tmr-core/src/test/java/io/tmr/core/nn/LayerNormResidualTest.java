package io.tmr.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@link LayerNorm#forwardResidual} and {@link LayerNorm#backwardThroughDropout} give exactly the
 * values of the separate passes they fuse ({@link Dropout#applyAndAddResidual} then {@link
 * LayerNorm#forward}; {@link LayerNorm#backward} then {@link Dropout#applyTo}), bit for bit; so do
 * the embeddings' {@link LayerNorm#forwardThenDropout} and {@link LayerNorm#backwardFromDropout}.
 * Rows of 96 features cross the mask's 64-element words at different offsets.
 */
class LayerNormResidualTest {
  private static final int ROWS = 37;
  private static final int FEATURES = 96;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(DataType.FLOAT, true),
        Arguments.of(DataType.FLOAT, false),
        Arguments.of(DataType.DOUBLE, true),
        Arguments.of(DataType.DOUBLE, false));
  }

  private static Matrix random(DataType type, Random rnd) {
    Matrix m = Matrix.allocate(type, ROWS, FEATURES);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, rnd.nextGaussian());
    }
    return m;
  }

  private static Matrix copy(Matrix m) {
    Matrix c = Matrix.allocate(m.dataType(), m.rows(), m.cols());
    c.copyFrom(m);
    return c;
  }

  /** A LayerNorm with a non-trivial gamma and beta (the same for every call with this seed). */
  private static LayerNorm layerNorm(DataType type) {
    LayerNorm ln = LayerNorm.create("ln", FEATURES, 1e-12, 0, type);
    Random rnd = new Random(5);
    for (int j = 0; j < FEATURES; j++) {
      ln.gamma().valueMatrix().set(j, 1 + 0.3 * rnd.nextGaussian());
      ln.beta().valueMatrix().set(j, 0.2 * rnd.nextGaussian());
    }
    return ln;
  }

  private static void assertSameValues(Matrix expected, Matrix actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(
          Double.doubleToRawLongBits(expected.get(i)),
          Double.doubleToRawLongBits(actual.get(i)),
          what + " differs at " + i + ": " + expected.get(i) + " vs " + actual.get(i));
    }
  }

  @ParameterizedTest(name = "{0}, training {1}")
  @MethodSource("cases")
  void fusedPassesGiveTheSeparatePassesValues(DataType type, boolean training) {
    Random rnd = new Random(17);
    Matrix a = random(type, rnd);
    Matrix residual = random(type, rnd);
    Matrix dy = random(type, rnd);
    Dropout dropout = new Dropout(0.25);
    dropout.sample(
        training ? Context.training(new RandomStream(3)) : Context.inference(), ROWS * FEATURES);

    LayerNorm separate = layerNorm(type);
    Matrix sum = copy(a);
    dropout.applyAndAddResidual(sum, residual);
    Matrix y = separate.forward(sum);
    Matrix dx = separate.backward(dy);
    Matrix dDropped = dropout.applyTo(dx, Matrix.empty(type));

    LayerNorm fused = layerNorm(type);
    Matrix fusedSum = copy(a);
    Matrix fusedY = fused.forwardResidual(fusedSum, residual, dropout);
    Matrix scratch = Matrix.empty(type);
    Matrix fusedDropped = fused.backwardThroughDropout(dy, dropout, scratch);

    assertSameValues(sum, fusedSum, "residual sum (the layer's input)");
    assertSameValues(y, fusedY, "output");
    assertSameValues(dx, fused.inputGrad(), "input gradient");
    assertSameValues(dDropped, fusedDropped, "gradient through dropout");
    assertSameValues(separate.gamma().gradMatrix(), fused.gamma().gradMatrix(), "gamma gradient");
    assertSameValues(separate.beta().gradMatrix(), fused.beta().gradMatrix(), "beta gradient");
    if (training) {
      assertSame(scratch, fusedDropped, "active dropout writes the scratch matrix");
      int dropped = 0;
      for (int i = 0; i < fusedDropped.size(); i++) {
        if (fusedDropped.get(i) == 0 && fused.inputGrad().get(i) != 0) {
          dropped++;
        }
      }
      // p = 0.25 over 3,552 elements: about 888 dropped; far from 0 and from all.
      assertTrue(dropped > 700 && dropped < 1100, "dropped " + dropped);
    } else {
      assertSame(fused.inputGrad(), fusedDropped, "inactive dropout passes the gradient through");
    }
  }

  @ParameterizedTest(name = "{0}, training {1}")
  @MethodSource("cases")
  void dropoutAfterTheLayerNormGivesTheSeparatePassesValues(DataType type, boolean training) {
    Random rnd = new Random(23);
    Matrix x = random(type, rnd);
    Matrix dOut = random(type, rnd);
    Dropout dropout = new Dropout(0.25);
    dropout.sample(
        training ? Context.training(new RandomStream(9)) : Context.inference(), ROWS * FEATURES);

    LayerNorm separate = layerNorm(type);
    Matrix y = Matrix.empty(type);
    dropout.apply(separate.forward(x), y);
    Matrix dx = separate.backward(dropout.applyTo(dOut, Matrix.empty(type)));

    LayerNorm fused = layerNorm(type);
    Matrix fusedY = fused.forwardThenDropout(x, dropout, Matrix.empty(type));
    Matrix fusedDx = fused.backwardFromDropout(dOut, dropout, Matrix.empty(type));

    assertSameValues(y, fusedY, "dropped-out output");
    assertSameValues(dx, fusedDx, "input gradient");
    assertSameValues(separate.gamma().gradMatrix(), fused.gamma().gradMatrix(), "gamma gradient");
    assertSameValues(separate.beta().gradMatrix(), fused.beta().gradMatrix(), "beta gradient");
    int zeros = 0;
    for (int i = 0; i < fusedY.size(); i++) {
      if (fusedY.get(i) == 0) {
        zeros++;
      }
    }
    if (training) {
      assertTrue(zeros > 700 && zeros < 1100, "dropped " + zeros);
    } else {
      assertEquals(0, zeros, "inference drops nothing");
    }
  }

  @ParameterizedTest(name = "{0}, training {1}")
  @MethodSource("cases")
  void aMaskOfAnotherSizeIsRefused(DataType type, boolean training) {
    Random rnd = new Random(1);
    Matrix a = random(type, rnd);
    Dropout dropout = new Dropout(0.1);
    dropout.sample(
        training ? Context.training(new RandomStream(3)) : Context.inference(),
        ROWS * FEATURES - 1);
    LayerNorm ln = layerNorm(type);
    assertThrows(
        IllegalArgumentException.class, () -> ln.forwardResidual(a, random(type, rnd), dropout));
  }
}
