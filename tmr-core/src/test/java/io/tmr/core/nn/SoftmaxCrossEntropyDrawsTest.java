package io.tmr.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The arg-max and the sampled class that {@link SoftmaxCrossEntropy#forward(Matrix, int[],
 * SoftmaxCrossEntropy.Draws)} computes inside its pass over each row are exactly those of separate
 * passes over the probabilities afterwards (the generator's former code, kept here as the
 * reference), and the loss and probabilities are those of the plain forward.
 */
class SoftmaxCrossEntropyDrawsTest {

  @ParameterizedTest
  @CsvSource({"FLOAT,1.0", "FLOAT,2.0", "FLOAT,0.7", "DOUBLE,1.0", "DOUBLE,2.0"})
  void drawsInThePassMatchSeparatePasses(DataType dt, double temperature) {
    int rows = 97;
    int classes = 3001;
    RandomStream r = new RandomStream(5);
    Matrix logits = Matrix.allocate(dt, rows, classes);
    for (int i = 0; i < logits.size(); i++) {
      // peaked rows, a few exact ties, and classes without mass (exactly 0 in double; the last
      // classes of a row among them, where a draw can fall back to the last class with mass)
      int c = i % classes;
      logits.set(
          i, c % 1000 == 7 ? 9.0 : c % 97 == 3 || c >= classes - 5 ? -2000 : 6 * r.nextGaussian());
    }
    Matrix copy = Matrix.allocate(dt, rows, classes);
    copy.copyFrom(logits);
    int[] labels = new int[rows];
    double[] u = new double[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = r.nextInt(classes);
      u[i] = i == 0 ? 0.0 : i == 1 ? Math.nextDown(1.0) : r.nextDouble();
    }
    int[] argmax = new int[rows];
    int[] samples = new int[rows];
    double loss =
        new SoftmaxCrossEntropy()
            .forward(
                logits, labels, new SoftmaxCrossEntropy.Draws(temperature, u, argmax, samples));
    double plain = new SoftmaxCrossEntropy().forward(copy, labels);
    assertEquals(plain, loss, 0.0);
    for (int i = 0; i < logits.size(); i++) {
      assertEquals(copy.get(i), logits.get(i), 0.0, "probability " + i);
    }
    for (int row = 0; row < rows; row++) {
      assertEquals(referenceArgmax(copy, row, classes), argmax[row], "arg-max of row " + row);
      assertEquals(
          referenceSample(copy, row, classes, temperature, u[row]),
          samples[row],
          "sample of row " + row);
    }
  }

  private static int referenceArgmax(Matrix probs, int row, int vocab) {
    int best = 0;
    double bestP = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < vocab; v++) {
      double p = probs.get(row, v);
      if (p > bestP) {
        bestP = p;
        best = v;
      }
    }
    return best;
  }

  private static int referenceSample(
      Matrix probs, int row, int vocab, double temperature, double u) {
    double inv = 1.0 / temperature;
    double total = 0;
    if (temperature == 1.0) {
      for (int v = 0; v < vocab; v++) {
        total += probs.get(row, v);
      }
    } else {
      for (int v = 0; v < vocab; v++) {
        total += Math.pow(probs.get(row, v), inv);
      }
    }
    double target = u * total;
    double acc = 0;
    int last = 0;
    for (int v = 0; v < vocab; v++) {
      double q = temperature == 1.0 ? probs.get(row, v) : Math.pow(probs.get(row, v), inv);
      if (q > 0) {
        last = v;
        acc += q;
        if (acc > target) {
          return v;
        }
      }
    }
    return last;
  }
}
