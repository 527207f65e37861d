package io.tmr.replay.spi;

import java.io.IOException;

/**
 * Where a plugin writes the part of its state that cannot be rebuilt from the items. Every value is
 * written under a field name; the reader checks the names so that a format mismatch is reported as
 * "field X" instead of as garbage.
 */
public interface StateWriter {

  void writeInt(String field, int value) throws IOException;

  void writeLong(String field, long value) throws IOException;

  void writeDouble(String field, double value) throws IOException;

  void writeBoolean(String field, boolean value) throws IOException;

  void writeString(String field, String value) throws IOException;

  /** Writes {@code values[from, to)} with its length. */
  void writeInts(String field, int[] values, int from, int to) throws IOException;

  void writeLongs(String field, long[] values, int from, int to) throws IOException;

  void writeDoubles(String field, double[] values, int from, int to) throws IOException;

  void writeFloats(String field, float[] values, int from, int to) throws IOException;

  void writeShorts(String field, short[] values, int from, int to) throws IOException;

  void writeChars(String field, char[] values, int from, int to) throws IOException;

  void writeBytes(String field, byte[] values, int from, int to) throws IOException;
}
