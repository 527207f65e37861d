package io.tmr.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.config.fuzz.Fuzz;
import io.tmr.config.fuzz.Malformed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzing the safetensors reader: byte edits of a whole file and edits of its JSON header (written
 * back with a correct length prefix, so they reach the checks behind the syntax: dtypes, shapes,
 * offsets, the integrity record) end in a {@link SafeTensors.MalformedFileException} naming the
 * file, or are read; random tensors round-trip bit for bit.
 */
class SafeTensorsFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path dir;
  private static byte[] valid;

  @BeforeContainer
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("safetensors-fuzz");
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
    t.put("w", SafeTensors.Tensor.of(new float[] {1, -2, 3.5f, 0, 1e-3f, 7}, 2, 3));
    t.put("steps", SafeTensors.Tensor.of(new long[] {1, 2, 3, 4}, 4));
    t.put("ids", SafeTensors.Tensor.of(new int[] {9, 8}, 2));
    Path f = dir.resolve("valid.safetensors");
    SafeTensors.write(f, t, Map.of("format", "tmr-checkpoint", "step", "12"));
    valid = Files.readAllBytes(f);
  }

  @AfterContainer
  static void removeDir() throws IOException {
    Fuzz.deleteFolder(dir);
  }

  /** The file with its header replaced by {@code header} (the length prefix updated). */
  private static byte[] withHeader(byte[] header) {
    long oldLen = ByteBuffer.wrap(valid, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
    out.writeBytes(header);
    out.write(valid, (int) (8 + oldLen), valid.length - (int) (8 + oldLen));
    return out.toByteArray();
  }

  @Provide
  Arbitrary<byte[]> malformedFiles() throws IOException {
    long len = ByteBuffer.wrap(valid, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonNode header = JSON.readTree(Arrays.copyOfRange(valid, 8, (int) (8 + len)));
    return Arbitraries.oneOf(
        Malformed.bytes(valid), Malformed.tree(header, JSON).map(SafeTensorsFuzzTest::withHeader));
  }

  @Property(tries = 2000, seed = Fuzz.SEED)
  void malformedFilesAreReadOrRefusedNamingTheFile(@ForAll("malformedFiles") byte[] input)
      throws IOException {
    Path f = Fuzz.write(dir.resolve("input.safetensors"), input);
    String verdict =
        Fuzz.verdict(
            "safetensors", SafeTensors.MalformedFileException.class, f, () -> SafeTensors.read(f));
    if (verdict.equals("read")) {
      // Damage is never read silently: what an edited file still reads as, under an integrity
      // record, is exactly what was written (the edit touched only padding or layout).
      SafeTensors.Contents read = SafeTensors.read(f);
      boolean checked = read.metadata().containsKey(SafeTensors.DIGESTS);
      Statistics.label("read, with integrity record").collect(checked);
      if (checked) {
        SafeTensors.Contents original = SafeTensors.read(dir.resolve("valid.safetensors"));
        assertEquals(original.metadata(), read.metadata());
        assertEquals(original.tensors().keySet(), read.tensors().keySet());
        for (String k : original.tensors().keySet()) {
          assertArrayEquals(original.tensors().get(k).data(), read.tensors().get(k).data(), k);
          assertArrayEquals(original.tensors().get(k).shape(), read.tensors().get(k).shape(), k);
        }
      }
    }
  }

  @Provide
  Arbitrary<List<float[]>> tensors() {
    return Arbitraries.floats()
        .array(float[].class)
        .ofMinSize(1)
        .ofMaxSize(64)
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  @Property(tries = 1000, seed = Fuzz.SEED)
  void tensorsRoundTripBitForBit(@ForAll("tensors") List<float[]> values) throws IOException {
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      t.put("t" + i, SafeTensors.Tensor.of(values.get(i), values.get(i).length));
    }
    Path f = dir.resolve("roundtrip.safetensors");
    SafeTensors.write(f, t, Map.of("k", "v \u00e9"));
    SafeTensors.Contents back = SafeTensors.read(f);
    assertEquals(t.keySet(), back.tensors().keySet());
    for (String k : t.keySet()) {
      assertArrayEquals(t.get(k).data(), back.tensors().get(k).data(), k);
      assertArrayEquals(t.get(k).shape(), back.tensors().get(k).shape(), k);
    }
    assertEquals("v \u00e9", back.metadata().get("k"));
  }
}
