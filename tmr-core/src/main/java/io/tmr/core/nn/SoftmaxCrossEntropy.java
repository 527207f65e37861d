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
    return forward(logits, labels, null);
  }

  /**
   * What {@link #forward(Matrix, int[], Draws)} also computes per row, in the same pass over the
   * row's probabilities (while they are in cache, on the same threads): the arg-max class (the
   * first on ties) and one draw from {@code softmax(logits / temperature)} by inverting the
   * cumulative distribution of {@code p^(1/temperature)} with the uniform {@code uniforms[r]}
   * (ELECTRA's Gumbel-max sampling distribution with one random number per row). The uniforms are
   * drawn by the caller, in row order, so the draws do not depend on how rows are split over
   * threads.
   */
  public static final class Draws {
    private final double temperature;
    private final double[] uniforms;
    private final int[] argmax;
    private final int[] samples;

    /**
     * @param uniforms one uniform in [0, 1) per row
     * @param argmax receives each row's arg-max class
     * @param samples receives each row's sampled class
     */
    public Draws(double temperature, double[] uniforms, int[] argmax, int[] samples) {
      checkArgument(temperature > 0, "temperature %s <= 0", temperature);
      this.temperature = temperature;
      this.uniforms = uniforms;
      this.argmax = argmax;
      this.samples = samples;
    }
  }

  /**
   * As {@link #forward(Matrix, int[])} and, when {@code draws} is not null, each row's arg-max and
   * sampled class (see {@link Draws}).
   */
  public double forward(Matrix logits, int[] labels, Draws draws) {
    int n = logits.rows();
    int classes = logits.cols();
    checkArgument(labels.length >= n, "%s labels for %s rows", labels.length, n);
    checkArgument(
        draws == null
            || (draws.uniforms.length >= n
                && draws.argmax.length >= n
                && draws.samples.length >= n),
        "draws hold fewer than %s rows",
        n);
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
          double[] prefix = draws != null ? new double[classes] : null;
          double[] rowD = f == null && draws != null ? new double[classes] : null;
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
              float m = FastMath.max(row, classes);
              FastMath.expShiftedInPlace(row, classes, m, scratch);
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
              if (draws != null) {
                argmaxAndDraw(row, classes, draws.temperature, draws.uniforms[r], prefix, r, draws);
              }
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
              if (draws != null) {
                d.get(base, rowD, 0, classes);
                argmaxAndDraw(
                    rowD, classes, draws.temperature, draws.uniforms[r], prefix, r, draws);
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

  /**
   * The row's arg-max (the first largest of {@code p[0..n)}; 0 when none compares larger than
   * -infinity) into {@code argmax[r]}, and one draw from {@code p^(1/temperature)} (normalised)
   * into {@code samples[r]}: the first class whose cumulative mass, summed in double in class
   * order, exceeds {@code u * total} (the last class with mass if rounding leaves none). One pass
   * writes the running sums into {@code prefix} (and finds the arg-max alongside); a binary search
   * over them then finds the class. The sums are the very additions of a sequential scan, so the
   * draw is the one a scan would make.
   */
  static void argmaxAndDraw(
      float[] p, int n, double temperature, double u, double[] prefix, int r, Draws out) {
    int best = 0;
    double bestP = Double.NEGATIVE_INFINITY;
    double acc = 0;
    int last = 0;
    double inv = 1.0 / temperature;
    boolean plain = temperature == 1.0;
    for (int v = 0; v < n; v++) {
      double pv = p[v];
      if (pv > bestP) {
        bestP = pv;
        best = v;
      }
      double q = plain ? pv : Math.pow(pv, inv);
      if (q > 0) {
        last = v;
      }
      acc += q;
      prefix[v] = acc;
    }
    out.argmax[r] = best;
    out.samples[r] = search(prefix, n, u * acc, last);
  }

  static void argmaxAndDraw(
      double[] p, int n, double temperature, double u, double[] prefix, int r, Draws out) {
    int best = 0;
    double bestP = Double.NEGATIVE_INFINITY;
    double acc = 0;
    int last = 0;
    double inv = 1.0 / temperature;
    boolean plain = temperature == 1.0;
    for (int v = 0; v < n; v++) {
      double pv = p[v];
      if (pv > bestP) {
        bestP = pv;
        best = v;
      }
      double q = plain ? pv : Math.pow(pv, inv);
      if (q > 0) {
        last = v;
      }
      acc += q;
      prefix[v] = acc;
    }
    out.argmax[r] = best;
    out.samples[r] = search(prefix, n, u * acc, last);
  }

  /**
   * The first v with {@code prefix[v] > target} in the non-decreasing {@code prefix[0..n)}, or
   * {@code fallback} when there is none (also when target is NaN).
   */
  private static int search(double[] prefix, int n, double target, int fallback) {
    if (n == 0 || !(prefix[n - 1] > target)) {
      return fallback;
    }
    int lo = 0;
    int hi = n - 1; // prefix[hi] > target
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (prefix[mid] > target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
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
