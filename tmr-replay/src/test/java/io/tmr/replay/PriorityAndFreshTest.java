package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.priority.GradientNormRule;
import io.tmr.replay.priority.LossDifferenceRule;
import io.tmr.replay.priority.LossRule;
import org.junit.jupiter.api.Test;

class PriorityAndFreshTest {

  @Test
  void rulesFollowTheirFormulas() {
    assertEquals(0.75 + 1e-3, new LossRule().weight(0.75, 9, 9, 1e-3));
    assertEquals(Math.abs(0.2 - 0.9) + 1e-3, new LossDifferenceRule().weight(0.2, 0.9, 9, 1e-3));
    assertTrue(
        Double.isNaN(new LossDifferenceRule().weight(0.2, Double.NaN, 9, 1e-3)),
        "no previous loss: a difference is not defined yet");
    assertEquals(3.5 + 1e-3, new GradientNormRule().weight(0.2, 0.1, 3.5, 1e-3));
    assertTrue(new GradientNormRule().requiresGradientNorms());
    assertFalse(new LossRule().requiresGradientNorms());
  }

  @Test
  void newItemsEnterAtTheMaximumOfTheRecentPriorities() {
    ArrayReplayBuffer buffer =
        (ArrayReplayBuffer)
            ReplayBuffers.create(
                Fixtures.config("prioritized", 10)
                    .set(ReplayOptions.WEIGHT, "loss")
                    .set(ReplayOptions.PRIORITY_WINDOW, 2)
                    .build());
    InsertReceipt first = Fixtures.insert(buffer, 2, 0, 0);
    assertEquals(1.0, buffer.items().weight(first.slot(0)), "no priority observed yet: 1");
    buffer.update(first, new float[] {0.04f, 0.005f});
    InsertReceipt second = Fixtures.insert(buffer, 1, 2, 1);
    // the rule's own scale (0.04), not a constant 1; the tolerance is far below epsilon (1e-6)
    assertEquals(0.04f + 1e-6, buffer.items().weight(second.slot(0)), 1e-12);
    assertEquals(0.04f + 1e-6, buffer.stats().entryPriority(), 1e-12);
    buffer.update(first, new float[] {0.001f, 0.002f});
    InsertReceipt third = Fixtures.insert(buffer, 1, 3, 2);
    assertEquals(
        0.002f + 1e-6,
        buffer.items().weight(third.slot(0)),
        1e-12,
        "a window of 2 forgets the larger early priorities: the entry priority follows the scale down");
    buffer.verifyIntegrity();
  }

  @Test
  void anUnboundedWindowKeepsTheRunningMaximumAndAQuantileTakesTheMiddle() {
    ArrayReplayBuffer max =
        (ArrayReplayBuffer)
            ReplayBuffers.create(
                Fixtures.config("prioritized", 10)
                    .set(ReplayOptions.WEIGHT, "loss")
                    .set(ReplayOptions.PRIORITY_WINDOW, 0)
                    .build());
    InsertReceipt r = Fixtures.insert(max, 3, 0, 0);
    max.update(r, new float[] {0.5f, 0.1f, 0.2f});
    max.update(r, new float[] {0.01f, 0.01f, 0.01f});
    assertEquals(
        0.5f + 1e-6, max.stats().entryPriority(), 1e-12, "PER: the maximum since the start");
    ArrayReplayBuffer median =
        (ArrayReplayBuffer)
            ReplayBuffers.create(
                Fixtures.config("prioritized", 10)
                    .set(ReplayOptions.WEIGHT, "loss")
                    .set(ReplayOptions.NEW_PRIORITY_QUANTILE, 0.5)
                    .build());
    InsertReceipt m = Fixtures.insert(median, 3, 0, 0);
    median.update(m, new float[] {0.5f, 0.1f, 0.2f});
    assertEquals(0.2f + 1e-6, median.stats().entryPriority(), 1e-12);
    InsertReceipt next = Fixtures.insert(median, 1, 3, 1);
    assertEquals(0.2f + 1e-6, median.items().weight(next.slot(0)), 1e-12);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Fixtures.config("prioritized", 10)
                    .set(ReplayOptions.PRIORITY_WINDOW, 0)
                    .set(ReplayOptions.NEW_PRIORITY_QUANTILE, 0.5)
                    .build());
    assertTrue(e.getMessage().contains("replay.priorityWindow=0"), e.getMessage());
  }

  @Test
  void lossDifferenceUsesTheLossRecordedAtTheFreshDraw() {
    ArrayReplayBuffer buffer =
        (ArrayReplayBuffer) ReplayBuffers.create(Fixtures.config("prioritized", 10).build());
    InsertReceipt r = Fixtures.insert(buffer, 2, 0, 0);
    assertEquals(1, buffer.recordLosses(oneRow(r, 0), new float[] {0.7f}));
    assertEquals(1.0, buffer.items().weight(r.slot(0)), "recording a loss keeps the weight");
    buffer.update(r, new float[] {1.0f, 1.0f});
    // Tolerances far below epsilon (1e-6): a rule that dropped epsilon would fail here.
    assertEquals(Math.abs(1.0 - 0.7f) + 1e-6, buffer.items().weight(r.slot(0)), 1e-12);
    assertEquals(
        1.0,
        buffer.items().weight(r.slot(1)),
        1e-12,
        "first use: no difference yet, the entry priority stays");
    assertEquals(1.0f, buffer.items().lastLoss(r.slot(1)), "... and the loss is recorded");
    buffer.update(r, new float[] {1.25f, 0.5f});
    assertEquals(0.25 + 1e-6, buffer.items().weight(r.slot(0)), 1e-12);
    assertEquals(
        0.5 + 1e-6,
        buffer.items().weight(r.slot(1)),
        1e-12,
        "the second use is scored against the first: one scale for every replay");
  }

  private static ItemRefs oneRow(InsertReceipt r, int row) {
    return new ItemRefs() {
      @Override
      public int size() {
        return 1;
      }

      @Override
      public int[] slots() {
        return new int[] {r.slot(row)};
      }

      @Override
      public long[] stamps() {
        return new long[] {r.stamp(row)};
      }
    };
  }

  @Test
  void gradientNormRuleNeedsNorms() {
    ArrayReplayBuffer buffer =
        (ArrayReplayBuffer)
            ReplayBuffers.create(
                Fixtures.config("prioritized", 4)
                    .set(ReplayOptions.WEIGHT, "gradient-norm")
                    .build());
    InsertReceipt r = Fixtures.insert(buffer, 2, 0, 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> buffer.update(r, new float[] {1, 1}));
    assertTrue(e.getMessage().contains("gradient norms"), e.getMessage());
    assertEquals(2, buffer.update(r, new float[] {1, 1}, new float[] {2.5f, 0.5f}));
    assertEquals(2.5 + 1e-6, buffer.items().weight(r.slot(0)), 1e-9);
    assertEquals(0.5 + 1e-6, buffer.items().weight(r.slot(1)), 1e-9);
  }

  @Test
  void takeFreshReturnsTheNewestUnusedItemsNewestFirst() {
    ReplayBuffer buffer = ReplayBuffers.create(Fixtures.config("prioritized", 20).build());
    Fixtures.insert(buffer, 10, 0, 0);
    SampleBatch fresh = SampleBatch.withRows(4, Fixtures.SEQ);
    assertEquals(4, buffer.takeFresh(4, fresh));
    assertTrue(fresh.fresh());
    for (int k = 0; k < 4; k++) {
      assertEquals(9 - k, fresh.stamp(k));
      assertEquals(9 - k, Fixtures.decode(fresh.corruptedIds(), k, Fixtures.SEQ, Fixtures.VOCAB));
      assertEquals(1.0, fresh.probability(k));
      assertEquals(1.0, fresh.importanceWeight(k));
    }
    assertEquals(6, buffer.stats().unusedItems());
    // a replay draw also marks items used
    SampleBatch replay = SampleBatch.indicesOnly(5);
    buffer.sample(5, replay);
    int unusedAfter = buffer.stats().unusedItems();
    assertTrue(unusedAfter >= 1 && unusedAfter <= 6, "5 draws from 6 unused + 4 used");
    SampleBatch rest = SampleBatch.indicesOnly(10);
    assertEquals(unusedAfter, buffer.takeFresh(10, rest));
    for (int k = 1; k < rest.size(); k++) {
      assertTrue(rest.stamp(k) < rest.stamp(k - 1), "newest first");
    }
    assertEquals(0, buffer.stats().unusedItems());
    assertEquals(0, buffer.takeFresh(4, fresh));
    ReplayStats stats = buffer.stats();
    assertEquals(1, stats.sampleCalls(), "fresh takes are not sample calls");
    assertEquals(4 + unusedAfter, stats.freshItems());
    assertEquals(5, stats.sampledItems());
  }
}
