package io.tmr.core.onnx;

import static com.google.common.base.Preconditions.checkState;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ONNX {@code TensorProto}: name, shape and element data (from {@code raw_data} or the typed
 * repeated fields). Only numeric types are converted.
 */
public final class OnnxTensor {
  /** ONNX {@code TensorProto.DataType} codes used here. */
  public static final int FLOAT = 1;

  public static final int INT32 = 6;
  public static final int INT64 = 7;
  public static final int DOUBLE = 11;

  private final String name;
  private final long[] dims;
  private final int dataType;
  private final ByteBuffer raw;
  private final float[] floatData;
  private final long[] longData;
  private final double[] doubleData;

  OnnxTensor(
      String name,
      long[] dims,
      int dataType,
      ByteBuffer raw,
      float[] floatData,
      long[] longData,
      double[] doubleData) {
    this.name = name;
    this.dims = dims;
    this.dataType = dataType;
    this.raw = raw;
    this.floatData = floatData;
    this.longData = longData;
    this.doubleData = doubleData;
  }

  public String name() {
    return name;
  }

  public long[] dims() {
    return dims.clone();
  }

  public int dataType() {
    return dataType;
  }

  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    return n;
  }

  /** Elements as float (FLOAT, DOUBLE, INT32, INT64 accepted). */
  public float[] floats() {
    int n = Math.toIntExact(elementCount());
    float[] out = new float[n];
    switch (dataType) {
      case FLOAT -> {
        if (raw != null) {
          checkSize(raw.remaining(), 4L * n);
          raw.duplicate().order(raw.order()).asFloatBuffer().get(out);
        } else {
          checkSize(floatData.length, n);
          System.arraycopy(floatData, 0, out, 0, n);
        }
      }
      case DOUBLE -> {
        double[] d = doubles();
        for (int i = 0; i < n; i++) {
          out[i] = (float) d[i];
        }
      }
      case INT32, INT64 -> {
        long[] l = longs();
        for (int i = 0; i < n; i++) {
          out[i] = l[i];
        }
      }
      default -> throw new OnnxFormatException(name + ": unsupported data type " + dataType);
    }
    return out;
  }

  /** Elements as double (DOUBLE or FLOAT). */
  public double[] doubles() {
    int n = Math.toIntExact(elementCount());
    double[] out = new double[n];
    if (dataType == DOUBLE) {
      if (raw != null) {
        checkSize(raw.remaining(), 8L * n);
        raw.duplicate().order(raw.order()).asDoubleBuffer().get(out);
      } else {
        checkSize(doubleData.length, n);
        System.arraycopy(doubleData, 0, out, 0, n);
      }
    } else {
      float[] f = floats();
      for (int i = 0; i < n; i++) {
        out[i] = f[i];
      }
    }
    return out;
  }

  /** Elements as long (INT64 or INT32). */
  public long[] longs() {
    int n = Math.toIntExact(elementCount());
    long[] out = new long[n];
    if (raw != null) {
      ByteBuffer b = raw.duplicate().order(raw.order());
      if (dataType == INT64) {
        checkSize(b.remaining(), 8L * n);
        b.asLongBuffer().get(out);
      } else if (dataType == INT32) {
        checkSize(b.remaining(), 4L * n);
        for (int i = 0; i < n; i++) {
          out[i] = b.getInt(4 * i);
        }
      } else {
        throw new OnnxFormatException(name + ": not an integer tensor, type " + dataType);
      }
    } else {
      checkSize(longData.length, n);
      System.arraycopy(longData, 0, out, 0, n);
    }
    return out;
  }

  /** A new c-order INDArray of this tensor's shape in the requested type (FLOAT or DOUBLE). */
  public INDArray toINDArray(DataType type) {
    long[] shape = dims.length == 0 ? new long[] {1} : dims;
    if (type == DataType.DOUBLE) {
      return Nd4j.createFromArray(doubles()).reshape('c', shape);
    }
    return Nd4j.createFromArray(floats()).reshape('c', shape).castTo(type);
  }

  private void checkSize(long have, long need) {
    checkState(
        have == need,
        "%s: %s data for %s elements of shape %s",
        name,
        have,
        need,
        Arrays.toString(dims));
  }

  @Override
  public String toString() {
    return name + Arrays.toString(dims) + " type " + dataType;
  }
}
