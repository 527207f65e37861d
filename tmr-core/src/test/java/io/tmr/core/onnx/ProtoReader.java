package io.tmr.core.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over protobuf wire-format bytes (varints, fixed32/64, length-delimited fields).
 *
 * <p>Why hand-written: the ONNX subset needed here (initializer tensors, node inputs/outputs/types)
 * is five message types and a dozen fields; generated classes would need the ONNX .proto files, a
 * protoc step in the build and a protobuf-java runtime, all for reading weights once. Unknown
 * fields are skipped, so newer ONNX files still parse.
 */
final class ProtoReader {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] data;
  private int position;
  private final int limit;

  ProtoReader(byte[] data) {
    this(data, 0, data.length);
  }

  ProtoReader(byte[] data, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > data.length) {
      throw new OnnxFormatException("field extends past the end of the buffer");
    }
    this.data = data;
    this.position = offset;
    this.limit = offset + length;
  }

  boolean hasMore() {
    return position < limit;
  }

  /** Reads a field key; returns it as {@code fieldNumber << 3 | wireType}. */
  int readTag() {
    long tag = readVarint();
    if (tag <= 0 || tag > Integer.MAX_VALUE) {
      throw new OnnxFormatException("bad field tag " + tag);
    }
    return (int) tag;
  }

  static int fieldNumber(int tag) {
    return tag >>> 3;
  }

  static int wireType(int tag) {
    return tag & 7;
  }

  long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= limit) {
        throw new OnnxFormatException("truncated varint");
      }
      byte b = data[position++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw new OnnxFormatException("varint longer than 10 bytes");
  }

  int readFixed32() {
    require(4);
    int v = ByteBuffer.wrap(data, position, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    position += 4;
    return v;
  }

  long readFixed64() {
    require(8);
    long v = ByteBuffer.wrap(data, position, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    position += 8;
    return v;
  }

  /** A reader over the next length-delimited field's bytes; advances past them. */
  ProtoReader readMessage() {
    int length = readLength();
    ProtoReader sub = new ProtoReader(data, position, length);
    position += length;
    return sub;
  }

  String readString() {
    int length = readLength();
    String s = new String(data, position, length, StandardCharsets.UTF_8);
    position += length;
    return s;
  }

  /** The next length-delimited field as a little-endian view (no copy). */
  ByteBuffer readBytes() {
    int length = readLength();
    ByteBuffer b = ByteBuffer.wrap(data, position, length).slice().order(ByteOrder.LITTLE_ENDIAN);
    position += length;
    return b;
  }

  private int readLength() {
    long length = readVarint();
    if (length < 0 || length > limit - position) {
      throw new OnnxFormatException(
          "length " + length + " exceeds the remaining " + (limit - position) + " bytes");
    }
    return (int) length;
  }

  void skip(int wireType) {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> {
        require(8);
        position += 8;
      }
      case LENGTH_DELIMITED -> {
        int length =
            readLength(); // read first: "position += readLength()" would use the old position
        position += length;
      }
      case FIXED32 -> {
        require(4);
        position += 4;
      }
      default -> throw new OnnxFormatException("unsupported wire type " + wireType);
    }
  }

  private void require(int n) {
    if (limit - position < n) {
      throw new OnnxFormatException("truncated fixed-width field");
    }
  }
}
