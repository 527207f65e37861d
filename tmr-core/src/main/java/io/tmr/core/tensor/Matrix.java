package io.tmr.core.tensor;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkElementIndex;
import static com.google.common.base.Preconditions.checkState;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A row-major matrix stored in an ND4J buffer, addressed directly by BLAS and by Java loops.
 *
 * <p>The logical shape ({@link #rows()} x {@link #cols()}) may be smaller than the allocated
 * capacity: a buffer is allocated once and reused for every batch whose shape fits, because
 * allocating and zeroing native buffers per step dominated ND4J SameDiff's step time
 * (performance.md). Row-major data with a smaller row count is a prefix of the buffer, so BLAS can
 * run on it with the true {@code m} and no copy.
 *
 * <p>Element access goes through direct NIO buffers over the same native memory as the INDArray;
 * there is one {@link FloatBuffer} or {@link DoubleBuffer} per matrix, chosen by the data type. Not
 * thread-safe for resizing; concurrent element writes to disjoint ranges are safe.
 */
public final class Matrix {
  private final DataType dataType;
  private final boolean growable;
  private INDArray storage;
  private Pointer pointer;
  private FloatBuffer floats;
  private DoubleBuffer doubles;
  private long capacity;
  private int rows;
  private int cols;

  private Matrix(DataType dataType, boolean growable) {
    checkArgument(
        dataType == DataType.FLOAT || dataType == DataType.DOUBLE,
        "only FLOAT and DOUBLE are supported, got %s",
        dataType);
    this.dataType = dataType;
    this.growable = growable;
  }

  /** Allocates a zero-filled matrix that owns its buffer and may grow on {@link #resize}. */
  public static Matrix allocate(DataType dataType, int rows, int cols) {
    Matrix m = new Matrix(dataType, true);
    m.reallocate(Math.max(1L, (long) rows * cols));
    m.rows = rows;
    m.cols = cols;
    return m;
  }

  /** An empty growable matrix; the first {@link #resize} allocates. */
  public static Matrix empty(DataType dataType) {
    Matrix m = new Matrix(dataType, true);
    m.reallocate(1);
    return m;
  }

  /**
   * Wraps an existing contiguous c-order INDArray (rank 1 becomes one row; rank 2 keeps its shape)
   * without copying: writes through the matrix are visible in the array and vice versa. The wrapped
   * matrix cannot grow.
   */
  public static Matrix wrap(INDArray array) {
    checkArgument(
        array.rank() == 1 || array.rank() == 2, "rank must be 1 or 2, got %s", array.rank());
    checkArgument(
        array.rank() == 1 || array.ordering() == 'c',
        "2-D arrays must be c-order, got %s",
        array.ordering());
    checkArgument(isContiguous(array), "array must be contiguous: %s", array.shapeInfoToString());
    Matrix m = new Matrix(array.dataType(), false);
    m.storage = array;
    m.capacity = array.length();
    m.bindBuffers();
    if (array.rank() == 1) {
      m.rows = 1;
      m.cols = Math.toIntExact(array.length());
    } else {
      m.rows = Math.toIntExact(array.size(0));
      m.cols = Math.toIntExact(array.size(1));
    }
    return m;
  }

  private static boolean isContiguous(INDArray a) {
    if (a.rank() == 1) {
      return a.stride(0) == 1 || a.length() == 1;
    }
    return a.stride(1) == 1 && (a.stride(0) == a.size(1) || a.size(0) == 1);
  }

  private void reallocate(long newCapacity) {
    storage = Nd4j.create(dataType, new long[] {newCapacity}, 'c');
    capacity = newCapacity;
    bindBuffers();
  }

  private void bindBuffers() {
    Pointer base = storage.data().addressPointer();
    if (dataType == DataType.FLOAT) {
      FloatPointer fp = new FloatPointer(base);
      fp.capacity(capacity);
      pointer = fp;
      floats = fp.asBuffer();
      doubles = null;
    } else {
      DoublePointer dp = new DoublePointer(base);
      dp.capacity(capacity);
      pointer = dp;
      doubles = dp.asBuffer();
      floats = null;
    }
  }

  /**
   * Sets the logical shape. Growable matrices reallocate when the capacity is too small (contents
   * are then zero); otherwise the existing buffer is reused and its contents are left as they are.
   */
  public Matrix resize(int newRows, int newCols) {
    checkArgument(newRows >= 0 && newCols >= 0, "negative shape %s x %s", newRows, newCols);
    long needed = (long) newRows * newCols;
    if (needed > capacity) {
      checkState(
          growable,
          "wrapped matrix of capacity %s cannot hold %s x %s",
          capacity,
          newRows,
          newCols);
      reallocate(needed);
    }
    rows = newRows;
    cols = newCols;
    return this;
  }

  public DataType dataType() {
    return dataType;
  }

  public boolean isDouble() {
    return doubles != null;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Number of logical elements, rows x cols. */
  public int size() {
    return rows * cols;
  }

  public long capacity() {
    return capacity;
  }

  /** The float view of the storage, or null for a DOUBLE matrix. Indexed from element 0. */
  public FloatBuffer floats() {
    return floats;
  }

  /** The double view of the storage, or null for a FLOAT matrix. Indexed from element 0. */
  public DoubleBuffer doubles() {
    return doubles;
  }

  /** Base pointer for BLAS, at element 0 of the storage. */
  Pointer pointer() {
    return pointer;
  }

  /** The backing INDArray (1-D, the full capacity); shares memory with this matrix. */
  public INDArray storage() {
    return storage;
  }

  public double get(int i) {
    return floats != null ? floats.get(i) : doubles.get(i);
  }

  public void set(int i, double v) {
    if (floats != null) {
      floats.put(i, (float) v);
    } else {
      doubles.put(i, v);
    }
  }

  public void add(int i, double v) {
    if (floats != null) {
      floats.put(i, floats.get(i) + (float) v);
    } else {
      doubles.put(i, doubles.get(i) + v);
    }
  }

  public double get(int r, int c) {
    checkElementIndex(r, rows, "row");
    checkElementIndex(c, cols, "column");
    return get(r * cols + c);
  }

  public void set(int r, int c, double v) {
    checkElementIndex(r, rows, "row");
    checkElementIndex(c, cols, "column");
    set(r * cols + c, v);
  }

  /** Zero-filled arrays that {@link #fill} copies from. */
  private static final float[] FLOAT_ZEROS = new float[8192];

  private static final double[] DOUBLE_ZEROS = new double[4096];

  /** Fills of at least this many elements run on all {@link Parallel} threads. */
  private static final int MIN_PARALLEL_FILL = 1 << 20;

  /**
   * Sets every logical element to {@code value}; zero (every gradient, every step) by bulk copies
   * of a zero array, large matrices in blocks on all {@link Parallel} threads.
   */
  public void fill(double value) {
    int n = size();
    if (Double.doubleToRawLongBits(value) == 0L) { // +0.0
      int parts = n < MIN_PARALLEL_FILL ? 1 : Parallel.threads();
      Parallel.forParts(
          parts,
          part -> zero((int) ((long) n * part / parts), (int) ((long) n * (part + 1) / parts)));
      return;
    }
    if (floats != null) {
      float v = (float) value;
      for (int i = 0; i < n; i++) {
        floats.put(i, v);
      }
    } else {
      for (int i = 0; i < n; i++) {
        doubles.put(i, value);
      }
    }
  }

  private void zero(int from, int to) {
    for (int i = from; i < to; ) {
      if (floats != null) {
        int len = Math.min(FLOAT_ZEROS.length, to - i);
        floats.put(i, FLOAT_ZEROS, 0, len);
        i += len;
      } else {
        int len = Math.min(DOUBLE_ZEROS.length, to - i);
        doubles.put(i, DOUBLE_ZEROS, 0, len);
        i += len;
      }
    }
  }

  /** Resizes to the other matrix's shape and copies its logical elements. */
  public void copyFrom(Matrix other) {
    checkArgument(
        other.dataType == dataType, "data type mismatch %s vs %s", other.dataType, dataType);
    resize(other.rows, other.cols);
    int n = size();
    if (floats != null) {
      floats.put(0, other.floats, 0, n);
    } else {
      doubles.put(0, other.doubles, 0, n);
    }
  }

  /** A fresh INDArray of shape [rows, cols] holding a copy of the logical elements. */
  public INDArray toINDArray() {
    INDArray flat = Nd4j.create(dataType, new long[] {Math.max(1, size())}, 'c');
    Matrix.wrap(flat).copyPrefixFrom(this);
    return size() == 0 ? Nd4j.create(dataType, rows, cols) : flat.reshape('c', rows, cols);
  }

  /** Copies this matrix's logical elements into {@code target}, which must have the same size. */
  public void copyInto(INDArray target) {
    checkArgument(target.length() == size(), "length %s != %s", target.length(), size());
    if (isContiguous(target)
        && (target.rank() <= 2)
        && (target.rank() == 1 || target.ordering() == 'c')) {
      Matrix.wrap(target).copyPrefixFrom(this);
    } else {
      target.assign(toINDArray().reshape(target.shape()));
    }
  }

  private void copyPrefixFrom(Matrix src) {
    int n = src.size();
    checkArgument(n <= capacity, "capacity %s < %s", capacity, n);
    if (floats != null) {
      floats.put(0, src.floats, 0, n);
    } else {
      doubles.put(0, src.doubles, 0, n);
    }
  }

  @Override
  public String toString() {
    return "Matrix[" + rows + "x" + cols + ", " + dataType + ", capacity " + capacity + "]";
  }
}
