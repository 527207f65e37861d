package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StatsTest {

  @Test
  void countersAndReplayHistogramFollowAScriptedRun() {
    ReplayBuffer buffer =
        ReplayBuffers.create(Fixtures.config("fifo", 4).set(ReplayOptions.MAX_REPLAYS, 3).build());
    Fixtures.insert(buffer, 4, 0, 0);
    SampleBatch batch = SampleBatch.indicesOnly(2);
    buffer.sample(2, batch); // stamps 0,1 -> 1 replay each
    buffer.sample(2, batch); // 2,3
    buffer.sample(2, batch); // 0,1 -> 2
    buffer.update(batch, new float[] {1, 2});
    Fixtures.insert(buffer, 2, 4, 1); // evicts 0 and 1 (2 replays each)
    buffer.update(batch, new float[] {1, 2}); // stale
    ReplayStats s = buffer.stats();
    assertEquals(4, s.size());
    assertEquals(6, s.offered());
    assertEquals(6, s.inserted());
    assertEquals(2, s.evicted());
    assertEquals(3, s.sampleCalls());
    assertEquals(6, s.sampledItems());
    assertEquals(2, s.updates());
    assertEquals(2, s.staleUpdates());
    long[] h = s.replayHistogram();
    // present: stamps 2,3 (1 replay), 4,5 (0); departed: 0,1 (2 replays)
    assertArrayEquals(new long[] {2, 2, 2, 0}, Arrays.copyOf(h, 4));
    assertEquals(6, Arrays.stream(h).sum());
  }
}
