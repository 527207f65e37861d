package org.example.tmr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.ConfigException;
import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.ReplayBuffers;
import io.tmr.replay.ReplayConfig;
import io.tmr.replay.ReplayOptions;
import io.tmr.replay.ReplayRegistry;
import io.tmr.replay.SampleBatch;
import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.SamplingPolicy;
import org.junit.jupiter.api.Test;

/** The plugin against its definition, with TMR's library on the test class path. */
class NoveltyStrategyTest {

  static ReplayConfig config(double decay) {
    return ReplayConfig.builder()
        .set(ReplayOptions.STRATEGY, "novelty")
        .set(ReplayOptions.CAPACITY, 8)
        .set(ReplayOptions.MAX_SEQ_LENGTH, 4)
        .set(ReplayOptions.VOCAB_SIZE, 50)
        .set(ReplayOptions.ALPHA, 1.0)
        .set(NoveltyStrategy.DECAY, decay)
        .build();
  }

  @Test
  void isRegisteredByItsServicesFileWithItsOption() {
    ReplayRegistry registry = ReplayRegistry.defaultRegistry();
    assertTrue(registry.strategyNames().contains("novelty"), registry.strategyNames().toString());
    assertTrue(registry.spec().contains("replay.novelty.decay"));
    assertThrows(ConfigException.class, () -> config(-1));
  }

  @Test
  void drawsInProportionToTheWeightDiscountedByReplays() {
    // Three items: weights 1, 1, 2 replayed 0, 1, 3 times.
    FakeItems items = new FakeItems(new double[] {1, 1, 2}, new int[] {0, 1, 3});
    SamplingPolicy discounted = new NoveltyStrategy().newSampler(config(1));
    SamplingPolicy plain = new NoveltyStrategy().newSampler(config(0));
    for (int slot = 0; slot < 3; slot++) {
      discounted.onInsert(slot, items);
      plain.onInsert(slot, items);
    }
    // d = 1: priorities 1, 1/2, 2/4 -> P = 1/2, 1/4, 1/4; d = 0: the weights -> 1/4, 1/4, 1/2.
    double[] expected = {0.5, 0.25, 0.25};
    double[] expectedPlain = {0.25, 0.25, 0.5};
    for (int slot = 0; slot < 3; slot++) {
      assertEquals(expected[slot], discounted.probability(slot, items), 1e-12);
      assertEquals(expectedPlain[slot], plain.probability(slot, items), 1e-12);
    }
  }

  @Test
  void aBufferWithTheStrategyStoresAndDraws() {
    try (ReplayBuffer buffer = ReplayBuffers.create(config(2))) {
      int rows = 4;
      int[] ids = new int[rows * 4];
      int[] lengths = new int[rows];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = 5 + i % 40;
      }
      java.util.Arrays.fill(lengths, 4);
      assertEquals(rows, buffer.insertBatch(rows, 4, ids, ids.clone(), null, lengths, 0, null));
      SampleBatch batch = SampleBatch.withRows(2, 4);
      buffer.sample(2, batch);
      assertEquals(2, batch.size());
      assertEquals("novelty", buffer.config().strategy());
    }
  }

  /** Items with fixed weights and replay counts in slots 0..n-1. */
  static final class FakeItems implements ItemView {
    private final double[] weights;
    private final int[] replays;

    FakeItems(double[] weights, int[] replays) {
      this.weights = weights;
      this.replays = replays;
    }

    @Override
    public int capacity() {
      return 8;
    }

    @Override
    public int size() {
      return weights.length;
    }

    @Override
    public boolean isOccupied(int slot) {
      return slot < weights.length;
    }

    @Override
    public long stamp(int slot) {
      return slot;
    }

    @Override
    public double weight(int slot) {
      return weights[slot];
    }

    @Override
    public float lastLoss(int slot) {
      return Float.NaN;
    }

    @Override
    public int replays(int slot) {
      return replays[slot];
    }

    @Override
    public long creationStep(int slot) {
      return 0;
    }

    @Override
    public int length(int slot) {
      return 4;
    }

    @Override
    public int oldest() {
      return 0;
    }

    @Override
    public int newest() {
      return weights.length - 1;
    }

    @Override
    public int newer(int slot) {
      return slot + 1 < weights.length ? slot + 1 : NONE;
    }

    @Override
    public int older(int slot) {
      return slot > 0 ? slot - 1 : NONE;
    }
  }
}
