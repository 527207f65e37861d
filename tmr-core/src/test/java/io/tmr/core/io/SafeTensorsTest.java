package io.tmr.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path tmp;

  @Test
  void roundTripKeepsBitsShapesOrderAndMetadata() throws Exception {
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
    t.put("w", SafeTensors.Tensor.of(new float[] {1.5f, -0f, Float.MIN_VALUE, 3e38f, 7, 8}, 2, 3));
    t.put("d", SafeTensors.Tensor.of(new double[] {Math.PI}, 1));
    t.put("step", SafeTensors.Tensor.of(new long[] {Long.MAX_VALUE}));
    Path f = tmp.resolve("m.safetensors");
    SafeTensors.write(f, t, Map.of("format", "pt"));
    SafeTensors.Contents c = SafeTensors.read(f);
    assertEquals(java.util.List.of("w", "d", "step"), java.util.List.copyOf(c.tensors().keySet()));
    assertArrayEquals(new long[] {2, 3}, c.tensors().get("w").shape());
    assertArrayEquals(t.get("w").toFloats(), c.tensors().get("w").toFloats());
    assertEquals(Math.PI, c.tensors().get("d").toDoubles()[0]);
    assertEquals(Long.MAX_VALUE, c.tensors().get("step").toLongs()[0]);
    assertEquals("pt", c.metadata().get("format"));
    // Header padded to 8 bytes so data is aligned.
    long headerLen =
        ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, headerLen % 8);
  }

  @Test
  void readsAFileWrittenByHandInTheReferenceLayout() throws Exception {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
    ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length())
        .put(header.getBytes(StandardCharsets.UTF_8))
        .putFloat(0.25f)
        .putFloat(-2f);
    Path f = tmp.resolve("hand.safetensors");
    Files.write(f, b.array());
    assertArrayEquals(new float[] {0.25f, -2f}, SafeTensors.read(f).tensors().get("a").toFloats());
  }

  @Test
  void corruptFilesNameFileAndTensor() throws Exception {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    ByteBuffer b = ByteBuffer.allocate(8 + header.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length()).put(header.getBytes(StandardCharsets.UTF_8)).putFloat(1).putFloat(2);
    Path f = tmp.resolve("short.safetensors");
    Files.write(f, b.array());
    IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
    assertTrue(
        e.getMessage().contains("short.safetensors") && e.getMessage().contains("'a'"),
        e.getMessage());
    Path g = tmp.resolve("junk.safetensors");
    Files.write(g, new byte[] {1, 2, 3});
    assertThrows(IOException.class, () -> SafeTensors.read(g));
  }
}
