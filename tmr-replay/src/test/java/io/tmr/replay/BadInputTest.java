package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input is a clear exception and leaves the complete state byte-identical. */
class BadInputTest {

  @TempDir Path dir;
  ReplayBuffer buffer;
  InsertReceipt receipt;

  @BeforeEach
  void fill() {
    buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 16).set(ReplayOptions.WEIGHT, "loss").build());
    receipt = Fixtures.insert(buffer, 6, 0, 0);
    SampleBatch b = SampleBatch.indicesOnly(4);
    buffer.sample(4, b);
    buffer.update(b, new float[] {0.1f, 0.2f, 0.3f, 0.4f});
  }

  private <T extends Throwable> T rejectsWithoutChange(
      Class<T> type, Executable call, String messagePart) throws IOException {
    byte[] before = Fixtures.stateBytes(buffer, dir);
    T e = assertThrows(type, call);
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    assertArrayEquals(before, Fixtures.stateBytes(buffer, dir), "state changed");
    return e;
  }

  @ParameterizedTest
  @ValueSource(
      floats = {-1f, -Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
  void badLossesAreRejected(float bad) throws IOException {
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () -> buffer.update(receipt, new float[] {0.5f, 0.5f, bad, 0.5f, 0.5f, 0.5f}),
        "losses[2]");
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () -> buffer.recordLosses(receipt, new float[] {bad, 0, 0, 0, 0, 0}),
        "losses[0]");
  }

  @ParameterizedTest
  @ValueSource(doubles = {-1, -Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY})
  void badPrioritiesAreRejected(double bad) throws IOException {
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () -> buffer.setWeights(2, receipt.slots(), receipt.stamps(), new double[] {1, bad}),
        "weights[1]");
  }

  @Test
  void badGradientNormsAreRejected() throws IOException {
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () -> buffer.update(receipt, new float[6], new float[] {1, 1, 1, 1, 1, Float.NaN}),
        "gradient norms[5]");
  }

  @Test
  void batchLargerThanSizeIsRefused() throws IOException {
    rejectsWithoutChange(
        RateLimitedException.class,
        () -> buffer.sample(7, SampleBatch.indicesOnly(8)),
        "batch 7 > size 6");
    assertTrue(!buffer.trySample(7, SampleBatch.indicesOnly(8)));
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () -> buffer.sample(17, SampleBatch.indicesOnly(17)),
        "replay.capacity");
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () -> buffer.sample(0, SampleBatch.indicesOnly(1)),
        "batch size must be >= 1");
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () -> buffer.sample(5, SampleBatch.indicesOnly(4)),
        "exceeds the SampleBatch");
  }

  @Test
  void badInsertsAreRejectedBeforeAnythingIsStored() throws IOException {
    Fixtures.Rows rows = Fixtures.rows(3, Fixtures.SEQ, 100, Fixtures.VOCAB);
    int[] ids = rows.corrupted.clone();
    ids[Fixtures.SEQ * 2 + 1] = Fixtures.VOCAB;
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () ->
            buffer.insertBatch(
                3, Fixtures.SEQ, ids, rows.original, rows.segments, rows.lengths, 0, null),
        "replay.vocabSize");
    int[] negative = rows.original.clone();
    negative[0] = -5;
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () ->
            buffer.insertBatch(
                3, Fixtures.SEQ, rows.corrupted, negative, rows.segments, rows.lengths, 0, null),
        "original=-5");
    int[] segments = rows.segments.clone();
    segments[3] = 2;
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () ->
            buffer.insertBatch(
                3, Fixtures.SEQ, rows.corrupted, rows.original, segments, rows.lengths, 0, null),
        "replay.segmentTypes");
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () ->
            buffer.insertBatch(
                3,
                Fixtures.SEQ,
                rows.corrupted,
                rows.original,
                rows.segments,
                new int[] {4, 0, 4},
                0,
                null),
        "lengths[1] = 0");
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () ->
            buffer.insertBatch(
                3,
                Fixtures.SEQ,
                rows.corrupted,
                rows.original,
                rows.segments,
                new int[] {4, 9, 4},
                0,
                null),
        "lengths[1] = 9");
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () ->
            buffer.insertBatch(
                1, Fixtures.SEQ + 1, new int[9], new int[9], null, new int[] {1}, 0, null),
        "replay.maxSeqLength");
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () ->
            buffer.insertBatch(
                3, Fixtures.SEQ, new int[5], rows.original, null, rows.lengths, 0, null),
        "need 24");
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () ->
            buffer.insertBatch(
                3,
                Fixtures.SEQ,
                rows.corrupted,
                rows.original,
                null,
                rows.lengths,
                0,
                new InsertReceipt(2)),
        "receipt holds 2");
  }

  @Test
  void badSlotsAreRejected() throws IOException {
    rejectsWithoutChange(
        IllegalArgumentException.class,
        () -> buffer.update(1, new int[] {16}, new long[] {0}, new float[] {1}, null),
        "slots[0]");
  }

  @Test
  void capacityBelowOneIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReplayConfig.builder().set(ReplayOptions.CAPACITY, -1).build());
    assertTrue(e.getMessage().contains("replay.capacity"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ArrayReplayBuffer(
                    ReplayConfig.builder().set(ReplayOptions.CAPACITY, 0).build(),
                    ReplayRegistry.defaultRegistry()));
    assertTrue(e.getMessage().contains("disabled buffer"), e.getMessage());
  }

  static final String PLUGIN_HINT =
      " (a plugin's jar must be on the plugin path: --plugins DIR, $TMR_PLUGIN_PATH or"
          + " $TMR_HOME/plugins)";

  @Test
  void unknownPluginNamesListTheRegisteredOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReplayBuffers.create(
                    ReplayConfig.builder().set(ReplayOptions.STRATEGY, "prioritised").build()));
    assertEquals(
        "unknown replay.strategy 'prioritised'; registered strategies: fifo, hardness,"
            + " prioritized, rank, reservoir, uniform"
            + PLUGIN_HINT,
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReplayBuffers.create(
                    ReplayConfig.builder().set(ReplayOptions.EVICTION, "lru").build()));
    assertEquals(
        "unknown replay.eviction 'lru'; registered eviction policies: fifo, min-weight,"
            + " reservoir"
            + PLUGIN_HINT,
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReplayBuffers.create(
                    ReplayConfig.builder().set(ReplayOptions.WEIGHT, "td-error").build()));
    assertEquals(
        "unknown replay.weight 'td-error'; registered priority rules: gradient-norm,"
            + " loss, loss-difference"
            + PLUGIN_HINT,
        e.getMessage());
    // caught even when replay is off, so a typo does not wait for the day it is switched on
    assertThrows(
        IllegalArgumentException.class,
        () ->
            ReplayBuffers.create(
                ReplayConfig.builder()
                    .set(ReplayOptions.CAPACITY, 0)
                    .set(ReplayOptions.STRATEGY, "prioritised")
                    .build()));
  }

  @Test
  void closedBuffersRefuseMutation() {
    buffer.close();
    assertThrows(IllegalStateException.class, () -> Fixtures.insert(buffer, 1, 6, 0));
    assertThrows(IllegalStateException.class, () -> buffer.sample(1, SampleBatch.indicesOnly(1)));
    assertEquals(6, buffer.stats().size(), "stats still work");
  }
}
