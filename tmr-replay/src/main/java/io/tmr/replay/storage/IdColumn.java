package io.tmr.replay.storage;

import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.IOException;

/**
 * A column of per-token small integers, one fixed-length row per slot, packed to the narrowest
 * width that holds the value range: 1 bit (two values), 8 bits, 16 bits or 32 bits. Rows are copied
 * with one virtual call per row so the per-token loops stay monomorphic.
 */
abstract class IdColumn {

  final int rowLength;

  IdColumn(int rowLength) {
    this.rowLength = rowLength;
  }

  /** The narrowest column holding values in {@code [0, distinctValues)}. */
  static IdColumn forValues(int distinctValues, int rows, int rowLength) {
    if (distinctValues <= 2) {
      return new BitColumn(rows, rowLength);
    } else if (distinctValues <= 256) {
      return new ByteColumn(rows, rowLength);
    } else if (distinctValues <= 65_536) {
      return new CharColumn(rows, rowLength);
    }
    return new IntColumn(rows, rowLength);
  }

  /**
   * Writes {@code src[offset, offset+length)} as the first {@code length} tokens of {@code row}.
   */
  abstract void write(int row, int[] src, int offset, int length);

  /** Copies the first {@code length} tokens of {@code row} into {@code dst[offset, ...)}. */
  abstract void read(int row, int[] dst, int offset, int length);

  abstract int get(int row, int position);

  abstract int bitsPerValue();

  /** Heap bytes per row. */
  abstract double bytesPerRow();

  abstract void writeState(StateWriter out, String field, int rows) throws IOException;

  abstract void readState(StateReader in, String field, int rows) throws IOException;

  static final class ByteColumn extends IdColumn {
    private final byte[] data;

    ByteColumn(int rows, int rowLength) {
      super(rowLength);
      data = new byte[rows * rowLength];
    }

    @Override
    void write(int row, int[] src, int offset, int length) {
      int base = row * rowLength;
      for (int i = 0; i < length; i++) {
        data[base + i] = (byte) src[offset + i];
      }
    }

    @Override
    void read(int row, int[] dst, int offset, int length) {
      int base = row * rowLength;
      for (int i = 0; i < length; i++) {
        dst[offset + i] = data[base + i] & 0xFF;
      }
    }

    @Override
    int get(int row, int position) {
      return data[row * rowLength + position] & 0xFF;
    }

    @Override
    int bitsPerValue() {
      return 8;
    }

    @Override
    double bytesPerRow() {
      return rowLength;
    }

    @Override
    void writeState(StateWriter out, String field, int rows) throws IOException {
      out.writeBytes(field, data, 0, rows * rowLength);
    }

    @Override
    void readState(StateReader in, String field, int rows) throws IOException {
      in.readBytes(field, data, 0, rows * rowLength);
    }
  }

  /** 16-bit unsigned ids (Java's {@code char} is the unsigned 16-bit primitive). */
  static final class CharColumn extends IdColumn {
    private final char[] data;

    CharColumn(int rows, int rowLength) {
      super(rowLength);
      data = new char[rows * rowLength];
    }

    @Override
    void write(int row, int[] src, int offset, int length) {
      int base = row * rowLength;
      for (int i = 0; i < length; i++) {
        data[base + i] = (char) src[offset + i];
      }
    }

    @Override
    void read(int row, int[] dst, int offset, int length) {
      int base = row * rowLength;
      for (int i = 0; i < length; i++) {
        dst[offset + i] = data[base + i];
      }
    }

    @Override
    int get(int row, int position) {
      return data[row * rowLength + position];
    }

    @Override
    int bitsPerValue() {
      return 16;
    }

    @Override
    double bytesPerRow() {
      return 2.0 * rowLength;
    }

    @Override
    void writeState(StateWriter out, String field, int rows) throws IOException {
      out.writeChars(field, data, 0, rows * rowLength);
    }

    @Override
    void readState(StateReader in, String field, int rows) throws IOException {
      in.readChars(field, data, 0, rows * rowLength);
    }
  }

  static final class IntColumn extends IdColumn {
    private final int[] data;

    IntColumn(int rows, int rowLength) {
      super(rowLength);
      data = new int[rows * rowLength];
    }

    @Override
    void write(int row, int[] src, int offset, int length) {
      System.arraycopy(src, offset, data, row * rowLength, length);
    }

    @Override
    void read(int row, int[] dst, int offset, int length) {
      System.arraycopy(data, row * rowLength, dst, offset, length);
    }

    @Override
    int get(int row, int position) {
      return data[row * rowLength + position];
    }

    @Override
    int bitsPerValue() {
      return 32;
    }

    @Override
    double bytesPerRow() {
      return 4.0 * rowLength;
    }

    @Override
    void writeState(StateWriter out, String field, int rows) throws IOException {
      out.writeInts(field, data, 0, rows * rowLength);
    }

    @Override
    void readState(StateReader in, String field, int rows) throws IOException {
      in.readInts(field, data, 0, rows * rowLength);
    }
  }

  /** One bit per token; rows start on a 64-bit word boundary. */
  static final class BitColumn extends IdColumn {
    private final int wordsPerRow;
    private final long[] words;

    BitColumn(int rows, int rowLength) {
      super(rowLength);
      wordsPerRow = (rowLength + 63) >>> 6;
      words = new long[rows * wordsPerRow];
    }

    @Override
    void write(int row, int[] src, int offset, int length) {
      int base = row * wordsPerRow;
      for (int w = 0; w < wordsPerRow; w++) {
        words[base + w] = 0L;
      }
      for (int i = 0; i < length; i++) {
        if (src[offset + i] != 0) {
          words[base + (i >>> 6)] |= 1L << i;
        }
      }
    }

    /** Sets bit i exactly where {@code a[aOff+i] != b[bOff+i]} (the replaced-token labels). */
    void writeDifference(int row, int[] a, int[] b, int offset, int length) {
      int base = row * wordsPerRow;
      for (int w = 0; w < wordsPerRow; w++) {
        words[base + w] = 0L;
      }
      for (int i = 0; i < length; i++) {
        if (a[offset + i] != b[offset + i]) {
          words[base + (i >>> 6)] |= 1L << i;
        }
      }
    }

    @Override
    void read(int row, int[] dst, int offset, int length) {
      int base = row * wordsPerRow;
      for (int i = 0; i < length; i++) {
        dst[offset + i] = (int) (words[base + (i >>> 6)] >>> i) & 1;
      }
    }

    @Override
    int get(int row, int position) {
      return (int) (words[row * wordsPerRow + (position >>> 6)] >>> position) & 1;
    }

    @Override
    int bitsPerValue() {
      return 1;
    }

    @Override
    double bytesPerRow() {
      return 8.0 * wordsPerRow;
    }

    @Override
    void writeState(StateWriter out, String field, int rows) throws IOException {
      out.writeLongs(field, words, 0, rows * wordsPerRow);
    }

    @Override
    void readState(StateReader in, String field, int rows) throws IOException {
      in.readLongs(field, words, 0, rows * wordsPerRow);
    }
  }
}
