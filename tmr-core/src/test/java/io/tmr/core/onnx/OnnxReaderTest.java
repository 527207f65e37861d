package io.tmr.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The protobuf reader and the MatMul-to-bias naming on a hand-encoded model. */
class OnnxReaderTest {
  /** Minimal protobuf writer for the test fixture. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
      return this;
    }

    Proto tag(int field, int wire) {
      return varint(((long) field << 3) | wire);
    }

    Proto uint(int field, long v) {
      return tag(field, 0).varint(v);
    }

    Proto bytes(int field, byte[] b) {
      tag(field, 2).varint(b.length);
      out.writeBytes(b);
      return this;
    }

    Proto string(int field, String s) {
      return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    Proto message(int field, Proto m) {
      return bytes(field, m.toBytes());
    }

    Proto fixed64(int field, long v) {
      tag(field, 1);
      out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
      return this;
    }

    Proto fixed32(int field, int v) {
      tag(field, 5);
      out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
      return this;
    }

    byte[] toBytes() {
      return out.toByteArray();
    }
  }

  private static byte[] floatsLittleEndian(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  private static byte[] fixture() {
    // Weight [in=2, out=3] as raw little-endian floats, dims as unpacked varints.
    Proto weight =
        new Proto()
            .uint(1, 2)
            .uint(1, 3)
            .uint(2, OnnxTensor.FLOAT)
            .string(8, "onnx::MatMul_1")
            .bytes(9, floatsLittleEndian(1, 2, 3, 4, 5, 6));
    // Bias [3] as packed float_data, dims packed.
    Proto bias =
        new Proto()
            .bytes(1, new Proto().varint(3).toBytes())
            .uint(2, OnnxTensor.FLOAT)
            .string(8, "lin.bias")
            .bytes(4, floatsLittleEndian(0.5f, -0.5f, 0.25f));
    Proto matmul =
        new Proto()
            .string(1, "x")
            .string(1, "onnx::MatMul_1")
            .string(2, "mm_out")
            .string(3, "/lin/MatMul")
            .string(4, "MatMul");
    Proto add =
        new Proto()
            .string(1, "lin.bias")
            .string(1, "mm_out")
            .string(2, "y")
            .string(3, "/lin/Add")
            .string(4, "Add")
            .message(5, new Proto().string(1, "alpha").fixed32(2, Float.floatToIntBits(1.5f)));
    Proto graph =
        new Proto()
            .message(1, matmul)
            .message(1, add)
            .string(2, "g")
            .message(5, weight)
            .message(5, bias)
            .message(11, new Proto().string(1, "x"))
            .message(12, new Proto().string(1, "y"))
            .uint(99, 12345);
    return new Proto()
        .uint(1, 8)
        .string(2, "test")
        .fixed64(50, -1L)
        .message(7, graph)
        .message(8, new Proto().uint(2, 17))
        .toBytes();
  }

  @Test
  void parsesInitializersNodesAndSkipsUnknownFields() {
    OnnxModel model = OnnxModel.parse(fixture());
    assertEquals(List.of("x"), model.inputs());
    assertEquals(List.of("y"), model.outputs());
    assertEquals(2, model.nodes().size());
    assertEquals("Add", model.nodes().get(1).opType());
    assertEquals(List.of("lin.bias", "mm_out"), model.nodes().get(1).inputs());
    assertEquals(1.5f, model.nodes().get(1).attributes().get("alpha"));
    OnnxTensor w = model.initializer("onnx::MatMul_1").orElseThrow();
    assertArrayEquals(new long[] {2, 3}, w.dims());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.floats());
    assertArrayEquals(
        new float[] {0.5f, -0.5f, 0.25f}, model.initializer("lin.bias").orElseThrow().floats());
  }

  @Test
  void anonymousMatMulWeightIsNamedByItsBiasAndTransposed() {
    Map<String, INDArray> weights =
        BertOnnxImporter.namedWeights(OnnxModel.parse(fixture()), DataType.FLOAT);
    assertEquals(List.of("lin.bias", "lin.weight"), List.copyOf(weights.keySet()));
    INDArray w = weights.get("lin.weight");
    assertArrayEquals(new long[] {3, 2}, w.shape());
    assertEquals(4f, w.getFloat(0, 1)); // [out=0, in=1] = ONNX [in=1, out=0]
    assertEquals(3f, w.getFloat(2, 0));
  }

  @Test
  void truncatedInputFailsClearly() {
    byte[] bytes = fixture();
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 10);
    assertThrows(OnnxFormatException.class, () -> OnnxModel.parse(cut));
  }
}
