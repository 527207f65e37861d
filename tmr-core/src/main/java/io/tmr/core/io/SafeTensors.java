package io.tmr.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (HuggingFace): an 8-byte little-endian header length, a JSON header
 * mapping each tensor name to {@code {dtype, shape, data_offsets}} (plus an optional {@code
 * __metadata__} map of strings), then the raw little-endian tensor bytes. Supports F32, F64, I32,
 * I64 and U8, which is all TMR writes; reading checks offsets, sizes and dtypes and names the file
 * and tensor at fault.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Headers are read refusing a name given twice (two tensors with one name). */
  private static final ObjectMapper STRICT_JSON = io.tmr.config.StrictJson.json();

  private SafeTensors() {}

  /** One tensor: dtype name, shape, little-endian bytes. */
  public record Tensor(String dtype, long[] shape, byte[] data) {
    public Tensor {
      Preconditions.checkArgument(elementSize(dtype) > 0, "unsupported dtype %s", dtype);
      long n = 1;
      try {
        for (long d : shape) {
          Preconditions.checkArgument(d >= 0, "negative dimension");
          n = Math.multiplyExact(n, d);
        }
        n = Math.multiplyExact(n, elementSize(dtype)) / elementSize(dtype);
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException(
            "tensor of shape "
                + java.util.Arrays.toString(shape)
                + " has more bytes than a long can count");
      }
      Preconditions.checkArgument(
          n * elementSize(dtype) == data.length,
          "tensor of shape %s and dtype %s needs %s bytes, has %s",
          java.util.Arrays.toString(shape),
          dtype,
          n * elementSize(dtype),
          data.length);
    }

    public static Tensor of(float[] values, long... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      return new Tensor("F32", shape, b.array());
    }

    public static Tensor of(double[] values, long... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asDoubleBuffer().put(values);
      return new Tensor("F64", shape, b.array());
    }

    public static Tensor of(long[] values, long... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      b.asLongBuffer().put(values);
      return new Tensor("I64", shape, b.array());
    }

    public static Tensor of(int[] values, long... shape) {
      ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      b.asIntBuffer().put(values);
      return new Tensor("I32", shape, b.array());
    }

    public static Tensor bytes(byte[] values) {
      return new Tensor("U8", new long[] {values.length}, values);
    }

    public long elements() {
      return data.length / elementSize(dtype);
    }

    public float[] toFloats() {
      Preconditions.checkState(dtype.equals("F32"), "tensor is %s, not F32", dtype);
      float[] out = new float[data.length / 4];
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }

    public double[] toDoubles() {
      Preconditions.checkState(dtype.equals("F64"), "tensor is %s, not F64", dtype);
      double[] out = new double[data.length / 8];
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
      return out;
    }

    public long[] toLongs() {
      Preconditions.checkState(dtype.equals("I64"), "tensor is %s, not I64", dtype);
      long[] out = new long[data.length / 8];
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
      return out;
    }

    public int[] toInts() {
      Preconditions.checkState(dtype.equals("I32"), "tensor is %s, not I32", dtype);
      int[] out = new int[data.length / 4];
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
      return out;
    }
  }

  /**
   * Metadata key of the integrity record: a JSON object mapping every tensor's name to the CRC32C
   * of its bytes, and {@value #METADATA_DIGEST} to the CRC32C of the other metadata (sorted {@code
   * key=value} lines). Written by {@link #write}, checked by {@link #read} whenever present.
   */
  public static final String DIGESTS = "tmr.crc32c";

  private static final String METADATA_DIGEST = "__metadata__";

  /**
   * A file that is not a well-formed safetensors file (the one error {@link #read} gives for a bad
   * file; its message starts with the file's path).
   */
  public static class MalformedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedFileException(String message) {
      super(message);
    }

    MalformedFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A file whose bytes do not match its own integrity record: damaged after it was written. */
  public static final class DamagedFileException extends MalformedFileException {
    private static final long serialVersionUID = 1L;

    DamagedFileException(String message) {
      super(message);
    }
  }

  static String crc32c(byte[] data) {
    java.util.zip.CRC32C c = new java.util.zip.CRC32C();
    c.update(data);
    return String.format("%08x", c.getValue());
  }

  private static String metadataDigest(Map<String, String> metadata) {
    StringBuilder sb = new StringBuilder();
    new java.util.TreeMap<>(metadata)
        .forEach(
            (k, v) -> {
              if (!k.equals(DIGESTS)) {
                sb.append(k).append('=').append(v).append('\n');
              }
            });
    return crc32c(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Tensors in file order plus the string metadata. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  static int elementSize(String dtype) {
    return switch (dtype) {
      case "F32", "I32" -> 4;
      case "F64", "I64" -> 8;
      case "U8" -> 1;
      default -> -1;
    };
  }

  /** Writes atomically (temp file + rename). */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    Map<String, String> withDigests = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
    ObjectNode digests = JSON.createObjectNode();
    tensors.forEach((name, t) -> digests.put(name, crc32c(t.data())));
    digests.put(METADATA_DIGEST, metadataDigest(withDigests));
    withDigests.put(DIGESTS, digests.toString());
    ObjectNode meta = header.putObject("__metadata__");
    withDigests.forEach(meta::put);
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Preconditions.checkArgument(!e.getKey().equals("__metadata__"), "reserved tensor name");
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", e.getValue().dtype());
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      var offs = t.putArray("data_offsets");
      offs.add(offset);
      offset += e.getValue().data().length;
      offs.add(offset);
    }
    byte[] json = JSON.writeValueAsBytes(header);
    // Pad the header with spaces to a multiple of 8 so tensor data is aligned (as the reference
    // writer does).
    int padded = (json.length + 7) / 8 * 8;
    byte[] headerBytes = java.util.Arrays.copyOf(json, padded);
    java.util.Arrays.fill(headerBytes, json.length, padded, (byte) ' ');
    AtomicFiles.write(
        file,
        (OutputStream out) -> {
          out.write(
              ByteBuffer.allocate(8)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .putLong(headerBytes.length)
                  .array());
          out.write(headerBytes);
          for (Tensor t : tensors.values()) {
            out.write(t.data());
          }
        });
  }

  /**
   * Reads a safetensors file and checks its integrity record when it has one.
   *
   * @throws MalformedFileException when the file is not well-formed ({@link DamagedFileException}
   *     when its bytes do not match its integrity record), naming the file
   */
  public static Contents read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw new MalformedFileException(file + ": not a safetensors file (shorter than 8 bytes)");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(file, ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 0 || headerLen > Math.min(size - 8, 100_000_000L)) {
        throw new MalformedFileException(file + ": bad safetensors header length " + headerLen);
      }
      ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
      readFully(file, ch, hb, 8);
      JsonNode header;
      try {
        header = STRICT_JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new MalformedFileException(
            file + ": safetensors header is not valid JSON: " + e.getMessage(), e);
      }
      long dataStart = 8 + headerLen;
      Map<String, Tensor> tensors = new LinkedHashMap<>();
      Map<String, String> meta = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = header.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String name = e.getKey();
        if (name.equals("__metadata__")) {
          e.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().asText()));
          continue;
        }
        JsonNode t = e.getValue();
        String dtype = t.path("dtype").asText();
        if (elementSize(dtype) < 0) {
          throw new MalformedFileException(
              file + ": tensor '" + name + "' has unsupported dtype '" + dtype + "'");
        }
        JsonNode shapeNode = t.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
          shape[i] = shapeNode.get(i).asLong();
        }
        long begin = t.path("data_offsets").path(0).asLong(-1);
        long end = t.path("data_offsets").path(1).asLong(-1);
        if (begin < 0 || end < begin || dataStart + end > size || end - begin > Integer.MAX_VALUE) {
          throw new MalformedFileException(
              file
                  + ": tensor '"
                  + name
                  + "' has data_offsets ["
                  + begin
                  + ", "
                  + end
                  + "] outside the file");
        }
        ByteBuffer data = ByteBuffer.allocate((int) (end - begin));
        readFully(file, ch, data, dataStart + begin);
        try {
          tensors.put(name, new Tensor(dtype, shape, data.array()));
        } catch (IllegalArgumentException ex) {
          throw new MalformedFileException(
              file + ": tensor '" + name + "': " + ex.getMessage(), ex);
        }
      }
      verify(file, tensors, meta);
      return new Contents(tensors, meta);
    }
  }

  /** Checks the integrity record, when the file has one (files written by other tools do not). */
  private static void verify(Path file, Map<String, Tensor> tensors, Map<String, String> meta)
      throws IOException {
    String record = meta.get(DIGESTS);
    if (record == null) {
      return;
    }
    JsonNode digests;
    try {
      digests = JSON.readTree(record);
    } catch (IOException e) {
      throw new DamagedFileException(
          file + ": metadata '" + DIGESTS + "' is not valid JSON (damaged header)");
    }
    String metaDigest = metadataDigest(meta);
    if (!metaDigest.equals(digests.path(METADATA_DIGEST).asText())) {
      throw new DamagedFileException(
          file
              + ": the metadata's CRC32C is "
              + metaDigest
              + ", the file records "
              + digests.path(METADATA_DIGEST).asText()
              + " (damaged header)");
    }
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String recorded = digests.path(e.getKey()).asText(null);
      String actual = crc32c(e.getValue().data());
      if (recorded == null || !recorded.equals(actual)) {
        throw new DamagedFileException(
            file
                + ": tensor '"
                + e.getKey()
                + "' has CRC32C "
                + actual
                + ", the file records "
                + (recorded == null ? "none" : recorded)
                + " (damaged after it was written)");
      }
    }
    if (digests.size() != tensors.size() + 1) {
      throw new DamagedFileException(
          file
              + ": the file records "
              + (digests.size() - 1)
              + " tensors, its header lists "
              + tensors.size());
    }
  }

  private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position)
      throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new MalformedFileException(file + ": unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }
}
