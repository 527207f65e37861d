package io.tmr.replay.snapshot;

import io.tmr.replay.spi.StateReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/** {@link StateReader} over a {@link DataInputStream}; every failure names the file and field. */
final class SnapshotInput implements StateReader {

  private static final int CHUNK = 1 << 16;

  private final DataInputStream in;
  private final String file;
  private final byte[] chunk = new byte[CHUNK];
  private final ByteBuffer buffer = ByteBuffer.wrap(chunk);

  SnapshotInput(DataInputStream in, String file) {
    this.in = in;
    this.file = file;
  }

  @Override
  public SnapshotFormatException invalid(String field, String problem) {
    return new SnapshotFormatException("snapshot " + file + ": field '" + field + "': " + problem);
  }

  private void tag(String field) throws IOException {
    int tag;
    try {
      tag = in.readInt();
    } catch (EOFException e) {
      throw invalid(field, "file ends before this field (truncated?)");
    }
    if (tag != field.hashCode()) {
      throw invalid(
          field,
          "found a different field here; the file was written by another format"
              + " version or configuration");
    }
  }

  private <T> T guard(String field, IoSupplier<T> read) throws IOException {
    try {
      return read.get();
    } catch (EOFException e) {
      throw invalid(field, "file ends inside this field (truncated?)");
    }
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  @Override
  public int readInt(String field) throws IOException {
    tag(field);
    return guard(field, in::readInt);
  }

  @Override
  public int readInt(String field, int min, int max) throws IOException {
    int v = readInt(field);
    if (v < min || v > max) {
      throw invalid(field, "value " + v + " outside [" + min + ", " + max + "]");
    }
    return v;
  }

  @Override
  public long readLong(String field) throws IOException {
    tag(field);
    return guard(field, in::readLong);
  }

  @Override
  public double readDouble(String field) throws IOException {
    tag(field);
    return guard(field, in::readDouble);
  }

  @Override
  public boolean readBoolean(String field) throws IOException {
    tag(field);
    return guard(field, in::readBoolean);
  }

  @Override
  public String readString(String field) throws IOException {
    tag(field);
    return guard(field, in::readUTF);
  }

  private int header(String field, int from, int to) throws IOException {
    tag(field);
    int length = guard(field, in::readInt);
    if (length != to - from) {
      throw invalid(field, "holds " + length + " values, expected " + (to - from));
    }
    return length;
  }

  private void fill(String field, int bytes) throws IOException {
    try {
      in.readFully(chunk, 0, bytes);
    } catch (EOFException e) {
      throw invalid(field, "file ends inside this field (truncated?)");
    }
    buffer.clear();
  }

  @Override
  public void readInts(String field, int[] into, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 4);
      fill(field, n * 4);
      buffer.asIntBuffer().get(into, i, n);
      i += n;
    }
  }

  @Override
  public void readLongs(String field, long[] into, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 8);
      fill(field, n * 8);
      buffer.asLongBuffer().get(into, i, n);
      i += n;
    }
  }

  @Override
  public void readDoubles(String field, double[] into, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 8);
      fill(field, n * 8);
      buffer.asDoubleBuffer().get(into, i, n);
      i += n;
    }
  }

  @Override
  public void readFloats(String field, float[] into, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 4);
      fill(field, n * 4);
      buffer.asFloatBuffer().get(into, i, n);
      i += n;
    }
  }

  @Override
  public void readShorts(String field, short[] into, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 2);
      fill(field, n * 2);
      buffer.asShortBuffer().get(into, i, n);
      i += n;
    }
  }

  @Override
  public void readChars(String field, char[] into, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 2);
      fill(field, n * 2);
      buffer.asCharBuffer().get(into, i, n);
      i += n;
    }
  }

  @Override
  public void readBytes(String field, byte[] into, int from, int to) throws IOException {
    header(field, from, to);
    try {
      in.readFully(into, from, to - from);
    } catch (EOFException e) {
      throw invalid(field, "file ends inside this field (truncated?)");
    }
  }
}
