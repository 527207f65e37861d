package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tmr.replay.storage.ItemStore;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorageTest {

  @ParameterizedTest(name = "vocab {0}: {1}-bit ids, labels {2}, {3} segment types")
  @CsvSource({
    "65536, 16, bitset, 2",
    "65537, 32, bitset, 2",
    "30522, 16, original-ids, 3",
    "1000000, 32, original-ids, 300",
    "30522, 16, bitset, 70000"
  })
  void rowsRoundTripAtEveryWidth(int vocab, int bits, String labels, int segmentTypes) {
    int seq = 70; // crosses a 64-bit word of the bitsets
    ReplayBuffer buffer =
        ReplayBuffers.create(
            ReplayConfig.builder()
                .set(ReplayOptions.CAPACITY, 4)
                .set(ReplayOptions.MAX_SEQ_LENGTH, seq)
                .set(ReplayOptions.VOCAB_SIZE, vocab)
                .set(ReplayOptions.SEGMENT_TYPES, segmentTypes)
                .set(
                    ReplayOptions.LABELS,
                    labels.equals("bitset")
                        ? ReplayConfig.Labels.BITSET
                        : ReplayConfig.Labels.ORIGINAL_IDS)
                .set(ReplayOptions.STRATEGY, "fifo")
                .build());
    assertEquals(bits, ((ArrayReplayBuffer) buffer).store().idBits());
    int rows = 3;
    int[] corrupted = new int[rows * seq];
    int[] original = new int[rows * seq];
    int[] segments = new int[rows * seq];
    int[] lengths = {seq, 1, 65};
    for (int i = 0; i < rows * seq; i++) {
      corrupted[i] = (int) ((i * 2654435761L) % vocab);
      original[i] = i % 5 == 0 ? (corrupted[i] + 1) % vocab : corrupted[i];
      segments[i] = (i * 7) % segmentTypes;
    }
    corrupted[0] = vocab - 1; // the largest id must survive narrowing
    original[1] = vocab - 1;
    buffer.insertBatch(rows, seq, corrupted, original, segments, lengths, 42, null);
    SampleBatch batch =
        buffer.config().labels() == ReplayConfig.Labels.ORIGINAL_IDS
            ? SampleBatch.withRowsAndOriginalIds(3, seq)
            : SampleBatch.withRows(3, seq);
    buffer.sample(3, batch);
    for (int r = 0; r < rows; r++) {
      assertEquals(lengths[r], batch.lengths()[r]);
      assertEquals(42, batch.creationSteps()[r]);
      for (int t = 0; t < seq; t++) {
        int i = r * seq + t;
        boolean valid = t < lengths[r];
        assertEquals(valid ? corrupted[i] : 0, batch.corruptedIds()[i], "corrupted " + i);
        assertEquals(valid ? segments[i] : 0, batch.segmentIds()[i], "segment " + i);
        assertEquals(valid && corrupted[i] != original[i] ? 1 : 0, batch.labels()[i], "label " + i);
        if (batch.hasOriginalIds()) {
          assertEquals(valid ? original[i] : 0, batch.originalIds()[i], "original " + i);
        }
      }
    }
    int[] copy = new int[rows * seq];
    int[] lens = new int[rows];
    batch.copyRowsTo(copy, null, null, lens);
    assertArrayEquals(Arrays.copyOf(batch.corruptedIds(), rows * seq), copy);
    assertArrayEquals(lengths, lens);
  }

  @Test
  void memoryPerItemAtSequenceLength128() {
    ReplayConfig defaults = ReplayConfig.defaults(); // prioritized, seq 128, vocab 30522
    ArrayReplayBuffer buffer = (ArrayReplayBuffer) ReplayBuffers.create(defaults);
    ItemStore store = buffer.store();
    // payload: 128 x 16-bit ids + 128-bit replaced set + 128-bit segment set
    assertEquals(256 + 16 + 16, store.payloadBytesPerItem());
    assertEquals(56, store.metadataBytesPerItem());
    // + 4 (duplicate-update mark) + 8 (stamp of an item dropped after maxReplays) + the 4-ary sum
    // tree:
    // (4096 - 1)/3 internal nodes and 4096 leaves, 8 bytes each, per 4096 items
    assertEquals(288 + 56 + 4 + 8 + 8.0 * (1365 + 4096) / 4096, buffer.bytesPerItem());
    assertEquals(366.7, buffer.bytesPerItem(), 0.05);
    ArrayReplayBuffer originals =
        (ArrayReplayBuffer)
            ReplayBuffers.create(
                defaults.toBuilder()
                    .set(ReplayOptions.LABELS, ReplayConfig.Labels.ORIGINAL_IDS)
                    .set(ReplayOptions.STRATEGY, "uniform")
                    .build());
    assertEquals(256 + 256 + 16, originals.store().payloadBytesPerItem());
    assertEquals(256 + 256 + 16 + 56 + 4 + 8 + 8, originals.bytesPerItem());
  }

  @Test
  void asksForOriginalIdsThatAreNotKept() {
    ReplayBuffer buffer = ReplayBuffers.create(Fixtures.config("uniform", 4).build());
    Fixtures.insert(buffer, 4, 0, 0);
    assertThrows(
        IllegalArgumentException.class,
        () -> buffer.sample(1, SampleBatch.withRowsAndOriginalIds(1, Fixtures.SEQ)));
    assertThrows(
        IllegalArgumentException.class,
        () -> buffer.sample(1, SampleBatch.withRows(1, Fixtures.SEQ - 1)),
        "a stride below maxSeqLength would cut rows");
    assertThrows(IllegalStateException.class, () -> SampleBatch.indicesOnly(1).corruptedIds());
  }
}
