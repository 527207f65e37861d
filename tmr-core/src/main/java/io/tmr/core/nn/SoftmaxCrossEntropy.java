package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.FastMath;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Parallel;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Mean softmax cross-entropy over the rows of a logits matrix {@code [n, classes]} (the masked
 * positions of the MLM head).
 *
 * <p>Works in place to avoid a second vocabulary-sized buffer ([608, 30522] floats = 74 MB at
 * ELECTRA-Small batch 32): {@link #forward} turns the logits into probabilities (numerically safe:
 * max subtraction, sums in double) and remembers each row's log-sum-exp; {@link #backward}
 * overwrites the probabilities with the gradient {@code scale * (p - onehot) / n}. Sample from
 * {@link #probabilities()} (e.g. the generator's replacement tokens) between the two calls; the
 * original logits are {@code log(p) + logSumExp(row)}.
 */
public final class SoftmaxCrossEntropy {
  private Matrix probs;
  private int[] labels;
  private double[] rowLoss = new double[0];
  private double[] logSumExp = new double[0];
  private double loss;

  /**
   * Converts {@code logits} to probabilities in place and returns the mean over rows of {@code -log
   * p[label]} (0 for no rows).
   */
  public double forward(Matrix logits, int[] labels) {
    int n = logits.rows();
    int classes = logits.cols();
    checkArgument(labels.length >= n, "%s labels for %s rows", labels.length, n);
    this.probs = logits;
    this.labels = labels;
    if (rowLoss.length < n) {
      rowLoss = new double[n];
      logSumExp = new double[n];
    }
    FloatBuffer f = logits.floats();
    DoubleBuffer d = logits.doubles();
    double[] rl = rowLoss;
    double[] lse = logSumExp;
    Parallel.forChunks(
        n,
        2L * classes,
        (chunk, start, end) -> {
          float[] row = f != null ? new float[classes] : null;
          float[] scratch = f != null ? new float[classes] : null;
          for (int r = start; r < end; r++) {
            int label = labels[r];
            checkArgument(
                label >= 0 && label < classes, "label %s outside [0, %s)", label, classes);
            int base = r * classes;
            double max;
            double sum;
            double labelLogit = logits.get(base + label);
            if (f != null) {
              f.get(base, row, 0, classes);
              float m = Float.NEGATIVE_INFINITY;
              for (int j = 0; j < classes; j++) {
                m = Math.max(m, row[j]);
              }
              for (int j = 0; j < classes; j++) {
                row[j] -= m;
              }
              FastMath.expInPlace(row, classes, scratch);
              double s0 = 0;
              double s1 = 0;
              int j = 0;
              for (; j + 1 < classes; j += 2) {
                s0 += row[j];
                s1 += row[j + 1];
              }
              for (; j < classes; j++) {
                s0 += row[j];
              }
              max = m;
              sum = s0 + s1;
              float inv = (float) (1.0 / sum);
              for (int k = 0; k < classes; k++) {
                row[k] *= inv;
              }
              f.put(base, row, 0, classes);
            } else {
              max = Double.NEGATIVE_INFINITY;
              for (int j = 0; j < classes; j++) {
                max = Math.max(max, d.get(base + j));
              }
              sum = 0;
              for (int j = 0; j < classes; j++) {
                double e = Math.exp(d.get(base + j) - max);
                d.put(base + j, e);
                sum += e;
              }
              double inv = 1.0 / sum;
              for (int j = 0; j < classes; j++) {
                d.put(base + j, d.get(base + j) * inv);
              }
            }
            lse[r] = max + Math.log(sum);
            rl[r] = lse[r] - labelLogit;
          }
        });
    double total = 0;
    for (int r = 0; r < n; r++) {
      total += rowLoss[r];
    }
    loss = n == 0 ? 0.0 : total / n;
    return loss;
  }

  public double loss() {
    return loss;
  }

  /** Cross-entropy of row r from the last forward. */
  public double rowLoss(int r) {
    return rowLoss[r];
  }

  /** Log-sum-exp of row r's logits from the last forward. */
  public double logSumExp(int r) {
    return logSumExp[r];
  }

  /** The probabilities (the former logits matrix) until {@link #backward} overwrites them. */
  public Matrix probabilities() {
    return probs;
  }

  /** Overwrites the probabilities with {@code d(scale * loss)/d logits} and returns that matrix. */
  public Matrix backward(double scale) {
    checkState(probs != null, "backward before forward");
    int n = probs.rows();
    int classes = probs.cols();
    if (n == 0) {
      return probs;
    }
    double factor = scale / n;
    FloatBuffer f = probs.floats();
    DoubleBuffer d = probs.doubles();
    Parallel.forChunks(
        n,
        classes,
        (chunk, start, end) -> {
          float[] row = f != null ? new float[classes] : null;
          for (int r = start; r < end; r++) {
            int base = r * classes;
            if (f != null) {
              float ff = (float) factor;
              f.get(base, row, 0, classes);
              for (int j = 0; j < classes; j++) {
                row[j] *= ff;
              }
              f.put(base, row, 0, classes);
            } else {
              for (int j = 0; j < classes; j++) {
                d.put(base + j, d.get(base + j) * factor);
              }
            }
            probs.add(base + labels[r], -factor);
          }
        });
    Matrix out = probs;
    probs = null;
    return out;
  }
}
