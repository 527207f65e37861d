package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.spi.ItemView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionAndFifoTest {

  private static List<Long> stampsOldestFirst(ArrayReplayBuffer buffer) {
    List<Long> stamps = new ArrayList<>();
    ItemView items = buffer.items();
    for (int s = items.oldest(); s != ItemView.NONE; s = items.newer(s)) {
      stamps.add(items.stamp(s));
    }
    return stamps;
  }

  @Test
  void fifoEvictionKeepsTheNewestItems() {
    ArrayReplayBuffer buffer =
        (ArrayReplayBuffer) ReplayBuffers.create(Fixtures.config("uniform", 5).build());
    Fixtures.insert(buffer, 12, 0, 0);
    assertEquals(List.of(7L, 8L, 9L, 10L, 11L), stampsOldestFirst(buffer));
    assertEquals(7, buffer.stats().evicted());
    buffer.verifyIntegrity();
  }

  @Test
  void minWeightEvictsTheLightestItemAndTheOldestAmongEquals() {
    ArrayReplayBuffer buffer =
        (ArrayReplayBuffer)
            ReplayBuffers.create(
                Fixtures.config("prioritized", 4)
                    .set(ReplayOptions.EVICTION, "min-weight")
                    .build());
    InsertReceipt r = Fixtures.insert(buffer, 4, 0, 0);
    buffer.setWeights(4, r.slots(), r.stamps(), new double[] {3.0, 0.5, 2.0, 0.5});
    Fixtures.insert(buffer, 1, 4, 1);
    assertEquals(List.of(0L, 2L, 3L, 4L), stampsOldestFirst(buffer), "stamp 1: lightest, oldest");
    Fixtures.insert(buffer, 1, 5, 1);
    assertEquals(List.of(0L, 2L, 4L, 5L), stampsOldestFirst(buffer));
    // All remaining new items carry the running maximum 3.0 = the weight of stamp 0; the oldest
    // of the lightest (stamp 2, weight 2.0) goes next, then stamp 0 (oldest at weight 3).
    Fixtures.insert(buffer, 1, 6, 1);
    assertEquals(List.of(0L, 4L, 5L, 6L), stampsOldestFirst(buffer));
    Fixtures.insert(buffer, 1, 7, 1);
    assertEquals(List.of(4L, 5L, 6L, 7L), stampsOldestFirst(buffer));
    buffer.verifyIntegrity();
  }

  @Test
  void fifoStrategyReadsInInsertionOrderAndWraps() {
    ReplayBuffer buffer = ReplayBuffers.create(Fixtures.config("fifo", 6).build());
    Fixtures.insert(buffer, 6, 0, 0);
    SampleBatch batch = SampleBatch.indicesOnly(4);
    buffer.sample(4, batch);
    assertArrayEquals(new long[] {0, 1, 2, 3}, Arrays.copyOf(batch.stamps(), 4));
    buffer.sample(4, batch);
    assertArrayEquals(new long[] {4, 5, 0, 1}, Arrays.copyOf(batch.stamps(), 4));
    Fixtures.insert(buffer, 3, 6, 1); // evicts stamps 0, 1, 2
    buffer.sample(4, batch);
    assertArrayEquals(
        new long[] {3, 4, 5, 6},
        Arrays.copyOf(batch.stamps(), 4),
        "the read position survives eviction of the item it points at");
    for (int k = 0; k < 4; k++) {
      assertEquals(1.0, batch.probability(k));
      assertEquals(1.0, batch.importanceWeight(k));
    }
  }

  @Test
  void fifoWithMaxReplaysOneIsAQueue() {
    ReplayBuffer buffer =
        ReplayBuffers.create(Fixtures.config("fifo", 8).set(ReplayOptions.MAX_REPLAYS, 1).build());
    SampleBatch batch = SampleBatch.withRows(3, Fixtures.SEQ);
    List<Long> read = new ArrayList<>();
    long next = 0;
    for (int round = 0; round < 20; round++) {
      Fixtures.insert(buffer, 3, next, round);
      next += 3;
      buffer.sample(3, batch);
      for (int k = 0; k < 3; k++) {
        read.add(batch.stamp(k));
        assertEquals(
            batch.stamp(k), Fixtures.decode(batch.corruptedIds(), k, Fixtures.SEQ, Fixtures.VOCAB));
      }
    }
    for (int i = 0; i < read.size(); i++) {
      assertEquals(i, read.get(i), "each item read exactly once, oldest first");
    }
    assertEquals(0, buffer.size());
    assertEquals(60, buffer.stats().dropped());
    long[] histogram = buffer.stats().replayHistogram();
    assertEquals(60, histogram[1]);
    buffer.verifyIntegrity();
  }

  @Test
  void droppedSlotsAreRefilledBeforeAnythingIsEvicted() {
    ArrayReplayBuffer buffer =
        (ArrayReplayBuffer)
            ReplayBuffers.create(
                Fixtures.config("fifo", 4).set(ReplayOptions.MAX_REPLAYS, 2).build());
    Fixtures.insert(buffer, 4, 0, 0);
    SampleBatch batch = SampleBatch.indicesOnly(2);
    buffer.sample(2, batch); // 0,1
    buffer.sample(2, batch); // 2,3
    buffer.sample(2, batch); // 0,1 again: dropped
    assertEquals(2, buffer.size());
    Fixtures.insert(buffer, 2, 4, 1);
    assertEquals(List.of(2L, 3L, 4L, 5L), stampsOldestFirst(buffer));
    assertEquals(0, buffer.stats().evicted());
    assertEquals(2, buffer.stats().dropped());
    buffer.verifyIntegrity();
  }

  @Test
  void clearEmptiesButKeepsCounters() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 10).set(ReplayOptions.EVICTION, "min-weight").build());
    Fixtures.insert(buffer, 10, 0, 0);
    buffer.clear();
    assertEquals(0, buffer.size());
    ReplayStats stats = buffer.stats();
    assertEquals(10, stats.cleared());
    assertEquals(10, stats.inserted());
    buffer.verifyIntegrity();
    Fixtures.insert(buffer, 3, 10, 1);
    SampleBatch b = SampleBatch.indicesOnly(3);
    buffer.sample(3, b);
    for (int k = 0; k < 3; k++) {
      assertTrue(b.stamp(k) >= 10);
    }
    buffer.verifyIntegrity();
  }
}
