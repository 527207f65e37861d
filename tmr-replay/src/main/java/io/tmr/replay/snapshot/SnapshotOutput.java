package io.tmr.replay.snapshot;

import io.tmr.replay.spi.StateWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@link StateWriter} over a {@link DataOutputStream}. Each value is preceded by the field name's
 * hash so that the reader can tell "wrong field" from "wrong value"; arrays are written with their
 * length and then in bulk, big-endian.
 */
final class SnapshotOutput implements StateWriter {

  private static final int CHUNK = 1 << 16;

  private final DataOutputStream out;
  private final byte[] chunk = new byte[CHUNK];
  private final ByteBuffer buffer = ByteBuffer.wrap(chunk);

  SnapshotOutput(DataOutputStream out) {
    this.out = out;
  }

  private void tag(String field) throws IOException {
    out.writeInt(field.hashCode());
  }

  @Override
  public void writeInt(String field, int value) throws IOException {
    tag(field);
    out.writeInt(value);
  }

  @Override
  public void writeLong(String field, long value) throws IOException {
    tag(field);
    out.writeLong(value);
  }

  @Override
  public void writeDouble(String field, double value) throws IOException {
    tag(field);
    out.writeDouble(value);
  }

  @Override
  public void writeBoolean(String field, boolean value) throws IOException {
    tag(field);
    out.writeBoolean(value);
  }

  @Override
  public void writeString(String field, String value) throws IOException {
    tag(field);
    out.writeUTF(value);
  }

  private void header(String field, int from, int to) throws IOException {
    tag(field);
    out.writeInt(to - from);
  }

  @Override
  public void writeInts(String field, int[] values, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 4);
      buffer.clear();
      buffer.asIntBuffer().put(values, i, n);
      out.write(chunk, 0, n * 4);
      i += n;
    }
  }

  @Override
  public void writeLongs(String field, long[] values, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 8);
      buffer.clear();
      buffer.asLongBuffer().put(values, i, n);
      out.write(chunk, 0, n * 8);
      i += n;
    }
  }

  @Override
  public void writeDoubles(String field, double[] values, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 8);
      buffer.clear();
      buffer.asDoubleBuffer().put(values, i, n);
      out.write(chunk, 0, n * 8);
      i += n;
    }
  }

  @Override
  public void writeFloats(String field, float[] values, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 4);
      buffer.clear();
      buffer.asFloatBuffer().put(values, i, n);
      out.write(chunk, 0, n * 4);
      i += n;
    }
  }

  @Override
  public void writeShorts(String field, short[] values, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 2);
      buffer.clear();
      buffer.asShortBuffer().put(values, i, n);
      out.write(chunk, 0, n * 2);
      i += n;
    }
  }

  @Override
  public void writeChars(String field, char[] values, int from, int to) throws IOException {
    header(field, from, to);
    for (int i = from; i < to; ) {
      int n = Math.min(to - i, CHUNK / 2);
      buffer.clear();
      buffer.asCharBuffer().put(values, i, n);
      out.write(chunk, 0, n * 2);
      i += n;
    }
  }

  @Override
  public void writeBytes(String field, byte[] values, int from, int to) throws IOException {
    header(field, from, to);
    out.write(values, from, to - from);
  }
}
