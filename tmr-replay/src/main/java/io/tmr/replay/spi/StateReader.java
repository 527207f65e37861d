package io.tmr.replay.spi;

import java.io.IOException;

/**
 * Reads what a {@link StateWriter} wrote, field by field, validating names and ranges. Every
 * failure is an {@link IOException} whose message names the snapshot file and the field.
 */
public interface StateReader {

  int readInt(String field) throws IOException;

  /** Reads an int and fails unless it lies in {@code [min, max]}. */
  int readInt(String field, int min, int max) throws IOException;

  long readLong(String field) throws IOException;

  double readDouble(String field) throws IOException;

  boolean readBoolean(String field) throws IOException;

  String readString(String field) throws IOException;

  /** Reads an array written with its length into {@code into[from, to)}; the lengths must match. */
  void readInts(String field, int[] into, int from, int to) throws IOException;

  void readLongs(String field, long[] into, int from, int to) throws IOException;

  void readDoubles(String field, double[] into, int from, int to) throws IOException;

  void readFloats(String field, float[] into, int from, int to) throws IOException;

  void readShorts(String field, short[] into, int from, int to) throws IOException;

  void readChars(String field, char[] into, int from, int to) throws IOException;

  void readBytes(String field, byte[] into, int from, int to) throws IOException;

  /** An exception naming the file and {@code field}, for plugin-level validation failures. */
  IOException invalid(String field, String problem);
}
