package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.snapshot.SnapshotFile;
import io.tmr.replay.snapshot.SnapshotFormatException;
import io.tmr.replay.spi.ReplayRandom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotTest {

  @TempDir Path dir;

  /**
   * A deterministic mixed workload: inserts, samples with rows, updates with random losses, fresh
   * takes and loss records, recording everything observable.
   */
  static List<String> workload(ReplayBuffer buffer, int steps, long seed, long firstId) {
    ReplayRandom r = new ReplayRandom(seed);
    List<String> log = new ArrayList<>();
    SampleBatch batch = SampleBatch.withRows(6, Fixtures.SEQ);
    long next = firstId;
    for (int step = 0; step < steps; step++) {
      int n = 1 + r.nextInt(5);
      InsertReceipt receipt = Fixtures.insert(buffer, n, next, step);
      next += n;
      log.add("insert " + Arrays.toString(Arrays.copyOf(receipt.slots(), n)));
      if (r.nextInt(3) == 0) {
        int k = buffer.takeFresh(2, batch);
        float[] losses = new float[k];
        for (int i = 0; i < k; i++) {
          losses[i] = (float) r.nextDouble();
        }
        buffer.recordLosses(batch, losses);
        log.add("fresh " + k + " " + Arrays.toString(Arrays.copyOf(batch.stamps(), k)));
      }
      int size = buffer.size();
      if (size >= 4) {
        buffer.sample(4, batch);
        log.add(
            "sample "
                + Arrays.toString(Arrays.copyOf(batch.slots(), 4))
                + Arrays.toString(Arrays.copyOf(batch.stamps(), 4))
                + Arrays.toString(Arrays.copyOf(batch.probabilities(), 4))
                + Arrays.toString(Arrays.copyOf(batch.importanceWeights(), 4))
                + Arrays.toString(Arrays.copyOf(batch.corruptedIds(), 4 * Fixtures.SEQ))
                + Arrays.toString(Arrays.copyOf(batch.labels(), 4 * Fixtures.SEQ))
                + Arrays.toString(Arrays.copyOf(batch.segmentIds(), 4 * Fixtures.SEQ))
                + batch.beta());
        float[] losses = new float[4];
        for (int i = 0; i < 4; i++) {
          losses[i] = (float) (r.nextDouble() * 3);
        }
        log.add("update " + buffer.update(batch, losses));
      }
    }
    log.add(
        "stats "
            + buffer.stats().toString().replaceAll("\\[J@[0-9a-f]+", "")
            + Arrays.toString(buffer.stats().replayHistogram()));
    return log;
  }

  @ParameterizedTest(name = "{0} / {1} / maxReplays {2}")
  @CsvSource({
    "prioritized, fifo, 0",
    "prioritized, min-weight, 3",
    "uniform, fifo, 2",
    "rank, min-weight, 0",
    "reservoir, fifo, 0",
    "fifo, fifo, 2",
    "prioritized, reservoir, 0"
  })
  void restoredBufferContinuesWithIdenticalSamples(String strategy, String eviction, int maxReplays)
      throws IOException {
    ReplayConfig config =
        Fixtures.config(strategy, 24)
            .set(ReplayOptions.EVICTION, eviction)
            .set(ReplayOptions.MAX_REPLAYS, maxReplays)
            .set(ReplayOptions.BETA_STEPS, 50L)
            .set(
                ReplayOptions.SAMPLING,
                maxReplays == 3
                    ? ReplayConfig.Sampling.STRATIFIED
                    : ReplayConfig.Sampling.INDEPENDENT)
            .build();
    ReplayBuffer original = ReplayBuffers.create(config);
    workload(original, 60, 1, 0);
    Path file = dir.resolve("buffer.snap");
    original.snapshot(file);
    long next = original.stats().offered();
    List<String> expected = workload(original, 80, 2, next);

    ReplayBuffer restored = ReplayBuffers.restore(file);
    assertEquals(config, restored.config());
    List<String> actual = workload(restored, 80, 2, next);
    assertEquals(expected, actual);
    restored.verifyIntegrity();
    assertArrayEquals(
        Fixtures.stateBytes(original, dir),
        Fixtures.stateBytes(restored, dir),
        "the complete states are byte-identical after the same steps");
  }

  @Test
  void snapshotReplacesTheFileAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
    ReplayBuffer buffer = ReplayBuffers.create(Fixtures.config("prioritized", 16).build());
    Fixtures.insert(buffer, 10, 0, 0);
    Path file = dir.resolve("b.snap");
    buffer.snapshot(file);
    Fixtures.insert(buffer, 5, 10, 1);
    buffer.snapshot(file);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
    assertEquals(15, ReplayBuffers.restore(file).stats().inserted());
  }

  private Path validSnapshot() throws IOException {
    ReplayBuffer buffer = ReplayBuffers.create(Fixtures.config("prioritized", 16).build());
    Fixtures.insert(buffer, 10, 0, 0);
    Path file = dir.resolve("valid.snap");
    buffer.snapshot(file);
    return file;
  }

  @Test
  void aCorruptedByteIsReportedAsAChecksumMismatch() throws IOException {
    Path file = validSnapshot();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    SnapshotFormatException e =
        assertThrows(SnapshotFormatException.class, () -> ReplayBuffers.restore(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
  }

  @Test
  void aTruncatedFileIsReported() throws IOException {
    Path file = validSnapshot();
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 100));
    SnapshotFormatException e =
        assertThrows(SnapshotFormatException.class, () -> ReplayBuffers.restore(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    Files.write(file, new byte[5]);
    e = assertThrows(SnapshotFormatException.class, () -> ReplayBuffers.restore(file));
    assertTrue(e.getMessage().contains("too short"), e.getMessage());
    SnapshotFormatException missing =
        assertThrows(
            SnapshotFormatException.class, () -> ReplayBuffers.restore(dir.resolve("nope.snap")));
    assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
  }

  @Test
  void anUnknownStrategyInTheFileNamesTheFieldAndTheRegisteredStrategies() throws IOException {
    Path file = dir.resolve("alien.snap");
    ReplayConfig alien =
        Fixtures.config("prioritized", 8).set(ReplayOptions.STRATEGY, "martian").build();
    SnapshotFile.write(
        file,
        out -> {
          BufferCodec.writeConfig(out, alien);
          out.writeBoolean("enabled", true);
        });
    SnapshotFormatException e =
        assertThrows(SnapshotFormatException.class, () -> ReplayBuffers.restore(file));
    assertTrue(e.getMessage().contains("field 'config'"), e.getMessage());
    assertTrue(e.getMessage().contains("martian"), e.getMessage());
    assertTrue(e.getMessage().contains("prioritized"), e.getMessage());
  }

  @Test
  void aMisplacedFieldIsNamed() throws IOException {
    Path file = dir.resolve("odd.snap");
    ReplayConfig config = Fixtures.config("prioritized", 8).build();
    SnapshotFile.write(
        file,
        out -> {
          BufferCodec.writeConfig(out, config);
          out.writeBoolean("enabled", true);
          out.writeString("eviction.name", "fifo");
          out.writeString("sampler.class", "io.tmr.replay.sampling.ProportionalSampler");
          out.writeInt("store.capacity", 8);
          out.writeInt("store.rowLength", 8);
          out.writeInt("store.size", 0); // highWater expected here
        });
    SnapshotFormatException e =
        assertThrows(SnapshotFormatException.class, () -> ReplayBuffers.restore(file));
    assertTrue(e.getMessage().contains("field 'store.highWater'"), e.getMessage());
  }

  @Test
  void aWrongMagicIsReported() throws IOException {
    Path file = validSnapshot();
    byte[] bytes = Files.readAllBytes(file);
    bytes[0] = 'X';
    // recompute the checksum so that the magic check, not the checksum, fires
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes, 0, bytes.length - 8);
    java.nio.ByteBuffer.wrap(bytes).putLong(bytes.length - 8, crc.getValue());
    Files.write(file, bytes);
    SnapshotFormatException e =
        assertThrows(SnapshotFormatException.class, () -> ReplayBuffers.restore(file));
    assertTrue(e.getMessage().contains("field 'magic'"), e.getMessage());
  }

  @Test
  void disabledBuffersSnapshotToo() throws IOException {
    ReplayBuffer disabled =
        ReplayBuffers.create(ReplayConfig.builder().set(ReplayOptions.CAPACITY, 0).build());
    Fixtures.insert(disabled, 3, 0, 0);
    Path file = dir.resolve("off.snap");
    disabled.snapshot(file);
    ReplayBuffer restored = ReplayBuffers.restore(file);
    assertFalse(restored.isEnabled());
    assertEquals(3, restored.stats().offered());
  }
}
