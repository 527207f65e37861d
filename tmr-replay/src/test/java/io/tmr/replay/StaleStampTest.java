package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StaleStampTest {

  @Test
  void updatesToOverwrittenSlotsNeverChangeTheNewItem() {
    ArrayReplayBuffer buffer =
        (ArrayReplayBuffer)
            ReplayBuffers.create(
                Fixtures.config("prioritized", 8).set(ReplayOptions.WEIGHT, "loss").build());
    Fixtures.insert(buffer, 8, 0, 0);
    SampleBatch old = SampleBatch.indicesOnly(8);
    buffer.sample(8, old);
    // Eight more inserts overwrite every slot (FIFO eviction).
    Fixtures.insert(buffer, 8, 8, 1);
    double[] before = new double[8];
    double[] probabilities = new double[8];
    for (int s = 0; s < 8; s++) {
      before[s] = buffer.items().weight(s);
      probabilities[s] = buffer.probability(s);
      assertTrue(buffer.items().stamp(s) >= 8);
    }
    float[] losses = new float[8];
    Arrays.fill(losses, 1000f);
    assertEquals(0, buffer.update(old, losses));
    for (int s = 0; s < 8; s++) {
      assertEquals(before[s], buffer.items().weight(s));
      assertEquals(probabilities[s], buffer.probability(s));
      assertTrue(Float.isNaN(buffer.items().lastLoss(s)), "no loss recorded on the new item");
    }
    ReplayStats stats = buffer.stats();
    assertEquals(8, stats.staleUpdates());
    assertEquals(0, stats.updates());
    assertEquals(1.0, stats.entryPriority(), "stale losses do not reach the entry priority");
    buffer.verifyIntegrity();
  }

  @Test
  void updatesToDroppedItemsAreCountedAsDroppedNotStale() {
    ArrayReplayBuffer buffer =
        (ArrayReplayBuffer)
            ReplayBuffers.create(
                Fixtures.config("uniform", 16).set(ReplayOptions.MAX_REPLAYS, 1).build());
    Fixtures.insert(buffer, 16, 0, 0);
    SampleBatch batch = SampleBatch.indicesOnly(4);
    buffer.sample(4, batch);
    int distinct = (int) Arrays.stream(batch.slots(), 0, 4).distinct().count();
    assertEquals(16 - distinct, buffer.size(), "replayed once = dropped");
    // the freed slots are reused by the next inserts
    Fixtures.insert(buffer, distinct, 16, 1);
    assertEquals(16, buffer.size());
    assertEquals(0, buffer.update(batch, new float[] {1, 2, 3, 4}));
    assertEquals(0, buffer.stats().staleUpdates(), "a maxReplays drop is not an overwrite");
    assertEquals(4, buffer.stats().droppedUpdates());
    assertEquals(distinct, buffer.stats().dropped());
    buffer.verifyIntegrity();
  }

  @Test
  void aDuplicateRowInOneUpdateIsAppliedOnce() {
    ArrayReplayBuffer buffer =
        (ArrayReplayBuffer) ReplayBuffers.create(Fixtures.config("prioritized", 4).build());
    InsertReceipt r = Fixtures.insert(buffer, 4, 0, 0);
    int slot = r.slot(2);
    long stamp = r.stamp(2);
    int applied =
        buffer.update(
            3,
            new int[] {slot, slot, r.slot(0)},
            new long[] {stamp, stamp, r.stamp(0)},
            new float[] {0.5f, 0.9f, 0.25f},
            null);
    assertEquals(2, applied);
    assertEquals(1, buffer.stats().duplicateUpdates());
    // loss-difference at the first use: the weight stays, the first occurrence's loss is recorded
    assertEquals(1.0, buffer.items().weight(slot), 1e-12);
    assertEquals(0.5f, buffer.items().lastLoss(slot));
  }

  @Test
  void stampsAreStreamPositionsAndRoundTripThroughReceipts() {
    ReplayBuffer buffer = ReplayBuffers.create(Fixtures.config("fifo", 5).build());
    InsertReceipt a = Fixtures.insert(buffer, 5, 0, 0);
    InsertReceipt b = Fixtures.insert(buffer, 3, 5, 1);
    assertArrayEquals(new long[] {0, 1, 2, 3, 4}, Arrays.copyOf(a.stamps(), 5));
    assertArrayEquals(new long[] {5, 6, 7}, Arrays.copyOf(b.stamps(), 3));
    assertArrayEquals(new int[] {0, 1, 2}, Arrays.copyOf(b.slots(), 3), "oldest slots reused");
    assertEquals(
        2,
        buffer.recordLosses(a, new float[] {1, 1, 1, 1, 1}),
        "only the two surviving items of the first batch are recorded");
    assertEquals(3, buffer.stats().staleUpdates());
  }
}
