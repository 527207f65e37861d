package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DisabledBufferTest {

  @Test
  void capacityZeroMeansNoReplay() {
    ReplayBuffer buffer =
        ReplayBuffers.create(ReplayConfig.builder().set(ReplayOptions.CAPACITY, 0).build());
    assertFalse(buffer.isEnabled());
    InsertReceipt receipt = Fixtures.insert(buffer, 5, 0, 0);
    assertEquals(5, receipt.size());
    assertEquals(0, receipt.stored());
    assertEquals(-1, receipt.slot(3));
    assertEquals(0, buffer.size());
    assertFalse(buffer.trySample(1, SampleBatch.indicesOnly(1)));
    assertEquals(0, buffer.takeFresh(4, SampleBatch.indicesOnly(4)));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> buffer.sample(1, SampleBatch.indicesOnly(1)));
    assertTrue(e.getMessage().contains("replay.capacity=0"), e.getMessage());
    assertEquals(0, buffer.recordLosses(receipt, new float[5]));
    ReplayStats stats = buffer.stats();
    assertEquals(5, stats.offered());
    assertEquals(5, stats.rejected());
    assertEquals(5, stats.staleUpdates());
  }
}
