package io.tmr.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/** Element-wise and row-wise kernels on {@link Matrix} shared by several layers. */
public final class Ops {
  private Ops() {}

  /** Writes the vector {@code row} (any shape with out.cols() elements) into every row of out. */
  public static void broadcastRow(Matrix row, Matrix out) {
    int cols = out.cols();
    checkArgument(
        row.size() == cols, "row has %s elements, matrix has %s columns", row.size(), cols);
    FloatBuffer rf = row.floats();
    FloatBuffer of = out.floats();
    DoubleBuffer rd = row.doubles();
    DoubleBuffer od = out.doubles();
    Parallel.forChunks(
        out.rows(),
        cols,
        (chunk, start, end) -> {
          for (int r = start; r < end; r++) {
            if (of != null) {
              of.put(r * cols, rf, 0, cols);
            } else {
              od.put(r * cols, rd, 0, cols);
            }
          }
        });
  }

  /** Makes {@code ones} a 1 x n vector of ones (refilled only when n changes). */
  public static void ensureOnes(Matrix ones, int n) {
    if (ones.cols() != n || ones.rows() != 1) {
      ones.resize(1, n);
      ones.fill(1.0);
    }
  }

  /** {@code a += b} element-wise over a's logical size. */
  public static void addInPlace(Matrix a, Matrix b) {
    checkArgument(a.size() == b.size(), "sizes differ: %s vs %s", a, b);
    FloatBuffer af = a.floats();
    FloatBuffer bf = b.floats();
    DoubleBuffer ad = a.doubles();
    DoubleBuffer bd = b.doubles();
    Parallel.forChunks(
        a.size(),
        1,
        (chunk, start, end) -> {
          if (af != null) {
            for (int i = start; i < end; i++) {
              af.put(i, af.get(i) + bf.get(i));
            }
          } else {
            for (int i = start; i < end; i++) {
              ad.put(i, ad.get(i) + bd.get(i));
            }
          }
        });
  }

  /** {@code out = a + b} element-wise; out is resized to a's shape (may alias a or b). */
  public static void add(Matrix a, Matrix b, Matrix out) {
    checkArgument(a.size() == b.size(), "sizes differ: %s vs %s", a, b);
    out.resize(a.rows(), a.cols());
    FloatBuffer af = a.floats();
    FloatBuffer bf = b.floats();
    FloatBuffer of = out.floats();
    DoubleBuffer ad = a.doubles();
    DoubleBuffer bd = b.doubles();
    DoubleBuffer od = out.doubles();
    Parallel.forChunks(
        a.size(),
        1,
        (chunk, start, end) -> {
          if (af != null) {
            for (int i = start; i < end; i++) {
              of.put(i, af.get(i) + bf.get(i));
            }
          } else {
            for (int i = start; i < end; i++) {
              od.put(i, ad.get(i) + bd.get(i));
            }
          }
        });
  }

  /** {@code a *= factor} over a's logical size. */
  public static void scale(Matrix a, double factor) {
    FloatBuffer af = a.floats();
    DoubleBuffer ad = a.doubles();
    float ff = (float) factor;
    Parallel.forChunks(
        a.size(),
        1,
        (chunk, start, end) -> {
          if (af != null) {
            for (int i = start; i < end; i++) {
              af.put(i, af.get(i) * ff);
            }
          } else {
            for (int i = start; i < end; i++) {
              ad.put(i, ad.get(i) * factor);
            }
          }
        });
  }

  /** Gathers {@code rows[i]} of src into row i of out (out resized to rows.length x cols). */
  public static void gatherRows(Matrix src, int[] rows, int count, Matrix out) {
    int cols = src.cols();
    out.resize(count, cols);
    for (int i = 0; i < count; i++) {
      int r = rows[i];
      checkArgument(r >= 0 && r < src.rows(), "row %s outside [0, %s)", r, src.rows());
      if (src.floats() != null) {
        out.floats().put(i * cols, src.floats(), r * cols, cols);
      } else {
        out.doubles().put(i * cols, src.doubles(), r * cols, cols);
      }
    }
  }
}
