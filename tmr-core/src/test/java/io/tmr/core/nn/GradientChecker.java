package io.tmr.core.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Central finite differences (five-point stencil) in float64 against analytic gradients.
 *
 * <p>Usage: register probes (a value matrix and a snapshot of its analytic gradient), then {@link
 * #assertMatches} re-evaluates the loss with each checked element moved by +-h. The error of an
 * element is {@code |analytic - numeric| / max(|analytic|, |numeric|)}, counted only where the
 * larger magnitude exceeds {@code floor} (below it, round-off of the loss dominates any relative
 * measure and the absolute difference is checked against {@code floor * tolerance} instead).
 */
final class GradientChecker {
  static final double STEP = 1e-4;
  static final double TOLERANCE = 1e-6;

  private record Probe(String name, Matrix values, double[] analytic) {}

  private final List<Probe> probes = new ArrayList<>();
  private final RandomStream sampler = new RandomStream(12345);
  private final int maxElementsPerProbe;
  private double maxRelativeError;
  private int checked;

  GradientChecker(int maxElementsPerProbe) {
    this.maxElementsPerProbe = maxElementsPerProbe;
  }

  /** Adds a probe: {@code values} is perturbed, {@code analyticGrad} is copied now. */
  GradientChecker probe(String name, Matrix values, Matrix analyticGrad) {
    if (values.dataType() != DataType.DOUBLE) {
      throw new IllegalArgumentException("gradient checks need DOUBLE, got " + values.dataType());
    }
    double[] a = new double[analyticGrad.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = analyticGrad.get(i);
    }
    if (a.length != values.size()) {
      throw new IllegalArgumentException(
          name + ": gradient size " + a.length + " != " + values.size());
    }
    probes.add(new Probe(name, values, a));
    return this;
  }

  /** Probes every parameter with its accumulated gradient. */
  GradientChecker parameters(List<Parameter> params) {
    for (Parameter p : params) {
      probe(p.name(), p.valueMatrix(), p.gradMatrix());
    }
    return this;
  }

  /**
   * Compares every probe against finite differences of {@code loss} (which must run a fresh forward
   * pass with identical dropout masks each call) and fails beyond {@link #TOLERANCE}.
   */
  double assertMatches(DoubleSupplier loss, double floor) {
    StringBuilder failures = new StringBuilder();
    for (Probe probe : probes) {
      int n = probe.values.size();
      int[] indices = chooseIndices(n);
      for (int i : indices) {
        double original = probe.values.get(i);
        double plus1 = evaluate(probe.values, i, original + STEP, loss);
        double minus1 = evaluate(probe.values, i, original - STEP, loss);
        double plus2 = evaluate(probe.values, i, original + 2 * STEP, loss);
        double minus2 = evaluate(probe.values, i, original - 2 * STEP, loss);
        probe.values.set(i, original);
        // Five-point central stencil: truncation error O(h^4) instead of O(h^2).
        double numeric = (8 * (plus1 - minus1) - (plus2 - minus2)) / (12 * STEP);
        double analytic = probe.analytic[i];
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        double diff = Math.abs(analytic - numeric);
        checked++;
        if (scale > floor) {
          double rel = diff / scale;
          maxRelativeError = Math.max(maxRelativeError, rel);
          if (rel > TOLERANCE && failures.length() < 4000) {
            failures.append(
                String.format(
                    "%s[%d]: analytic %.12g numeric %.12g rel %.3g%n",
                    probe.name, i, analytic, numeric, rel));
          }
        } else if (diff > floor * TOLERANCE && failures.length() < 4000) {
          failures.append(
              String.format(
                  "%s[%d]: analytic %.12g numeric %.12g abs %.3g%n",
                  probe.name, i, analytic, numeric, diff));
        }
      }
    }
    assertTrue(
        failures.length() == 0,
        "gradient mismatches (max rel " + maxRelativeError + "):\n" + failures);
    assertTrue(checked > 0, "nothing was checked");
    return maxRelativeError;
  }

  private static double evaluate(Matrix values, int i, double value, DoubleSupplier loss) {
    values.set(i, value);
    return loss.getAsDouble();
  }

  int checkedElements() {
    return checked;
  }

  private int[] chooseIndices(int n) {
    if (n <= maxElementsPerProbe) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] some = new int[maxElementsPerProbe];
    for (int i = 0; i < some.length; i++) {
      some[i] = sampler.nextInt(n);
    }
    return some;
  }

  /** A random double matrix with entries uniform in [-1, 1). */
  /** {@code ||a - b|| / ||b||} over all elements: how far {@code a} is from reference {@code b}. */
  static double relativeDifference(Matrix a, Matrix b) {
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < a.size(); i++) {
      diff += Math.pow(a.get(i) - b.get(i), 2);
      norm += Math.pow(b.get(i), 2);
    }
    return Math.sqrt(diff / norm);
  }

  static Matrix randomMatrix(RandomStream random, int rows, int cols) {
    Matrix m = Matrix.allocate(DataType.DOUBLE, rows, cols);
    for (int i = 0; i < m.size(); i++) {
      m.set(i, 2 * random.nextDouble() - 1);
    }
    return m;
  }

  /**
   * {@code sum(weights * y)}: a scalar loss whose gradient with respect to y is {@code weights}.
   */
  static double dot(Matrix weights, Matrix y) {
    if (weights.size() != y.size()) {
      throw new IllegalArgumentException("sizes differ: " + weights + " vs " + y);
    }
    double s = 0;
    for (int i = 0; i < y.size(); i++) {
      s += weights.get(i) * y.get(i);
    }
    return s;
  }

  /** An independent copy of m (the layers reuse their output and gradient buffers). */
  static Matrix copy(Matrix m) {
    Matrix c = Matrix.allocate(m.dataType(), m.rows(), m.cols());
    c.copyFrom(m);
    return c;
  }
}
