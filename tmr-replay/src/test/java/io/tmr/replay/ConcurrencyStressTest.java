package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.spi.ItemView;
import io.tmr.replay.spi.ReplayRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A producer thread inserts items whose tokens spell their stream position while a consumer thread
 * samples rows, checks every row against its stamp (a torn or misattributed row fails), updates
 * priorities and periodically checks every invariant (sum tree equals its leaves within 1e-12,
 * links, counters). At the end no item may be lost or duplicated.
 */
class ConcurrencyStressTest {

  static final int INSERT_BATCH = 32;
  static final int SAMPLE_BATCH = 64;

  record Outcome(ReplayStats stats, long produced, long sampledRows, long updateRows) {}

  static Outcome run(ReplayConfig config, long operations) throws InterruptedException {
    ArrayReplayBuffer buffer = (ArrayReplayBuffer) ReplayBuffers.create(config);
    // At least a third of the operations are inserts; the consumer's quota (sampled rows and
    // their updates) is the rest. The producer keeps going until the consumer has its quota, so
    // drops (maxReplays) cannot starve the consumer and the total always reaches `operations`.
    long minItems = operations / 3 / INSERT_BATCH * INSERT_BATCH;
    long consumerBatches = (operations - minItems + 2 * SAMPLE_BATCH - 1) / (2 * SAMPLE_BATCH);
    long maxItems = 4 * operations;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicBoolean produced = new AtomicBoolean();
    AtomicBoolean consumerDone = new AtomicBoolean();
    int seq = config.maxSeqLength();

    Thread producer =
        new Thread(
            () -> {
              try {
                for (long id = 0;
                    (id < minItems || !consumerDone.get())
                        && id < maxItems
                        && failure.get() == null;
                    id += INSERT_BATCH) {
                  Fixtures.Rows rows = Fixtures.rows(INSERT_BATCH, seq, id, config.vocabSize());
                  int stored =
                      buffer.insertBatch(
                          INSERT_BATCH,
                          seq,
                          rows.corrupted,
                          rows.original,
                          rows.segments,
                          rows.lengths,
                          id,
                          null);
                  if (stored != INSERT_BATCH) {
                    throw new AssertionError("stored " + stored + " of " + INSERT_BATCH);
                  }
                }
              } catch (Throwable t) {
                failure.compareAndSet(null, t);
              } finally {
                produced.set(true);
              }
            },
            "producer");

    long[] consumed = new long[2];
    Thread consumer =
        new Thread(
            () -> {
              try {
                SampleBatch batch = SampleBatch.withRows(SAMPLE_BATCH, seq);
                ReplayRandom random = new ReplayRandom(1);
                float[] losses = new float[SAMPLE_BATCH];
                for (long b = 0; b < consumerBatches && failure.get() == null; ) {
                  if (!buffer.trySample(SAMPLE_BATCH, batch)) {
                    if (produced.get() && buffer.size() < SAMPLE_BATCH) {
                      break; // with drops the buffer can run dry once the producer is done
                    }
                    Thread.onSpinWait();
                    continue;
                  }
                  for (int k = 0; k < SAMPLE_BATCH; k++) {
                    checkRow(batch, k, seq, config.vocabSize());
                    losses[k] = (float) (random.nextDouble() * 2);
                  }
                  consumed[0] += SAMPLE_BATCH;
                  buffer.update(batch, losses);
                  consumed[1] += SAMPLE_BATCH;
                  if (++b % 500 == 0) {
                    buffer.verifyIntegrity();
                  }
                }
              } catch (Throwable t) {
                failure.compareAndSet(null, t);
              } finally {
                consumerDone.set(true);
              }
            },
            "consumer");

    producer.start();
    consumer.start();
    producer.join();
    consumer.join();
    if (failure.get() != null) {
      throw new AssertionError("worker failed", failure.get());
    }
    buffer.verifyIntegrity();
    ReplayStats stats = buffer.stats();
    long producerItems = stats.offered();
    assertTrue(producerItems >= minItems && producerItems % INSERT_BATCH == 0);
    assertEquals(producerItems, stats.inserted(), "every offered item was stored");
    long total = producerItems + consumed[0] + consumed[1];
    assertTrue(total >= operations, "ran " + total + " of " + operations + " operations");
    assertEquals(
        stats.inserted(), stats.size() + stats.evicted() + stats.dropped(), "no item lost");
    assertEquals(consumed[0], stats.sampledItems());
    assertEquals(
        consumed[1],
        stats.updates() + stats.staleUpdates() + stats.droppedUpdates() + stats.duplicateUpdates());
    if (config.maxReplays() == 0 && config.eviction().equals("fifo")) {
      // FIFO without drops: exactly the newest `capacity` stream positions, each once
      ItemView items = buffer.items();
      boolean[] seen = new boolean[config.capacity()];
      long first = producerItems - config.capacity();
      int count = 0;
      for (int s = items.oldest(); s != ItemView.NONE; s = items.newer(s)) {
        long stamp = items.stamp(s);
        assertTrue(stamp >= first && stamp < producerItems, "stamp " + stamp + " out of range");
        assertTrue(!seen[(int) (stamp - first)], "duplicate stamp " + stamp);
        seen[(int) (stamp - first)] = true;
        count++;
      }
      assertEquals(config.capacity(), count);
    }
    System.out.printf(
        "stress %s/%s: %,d operations (%,d inserts, %,d sampled rows, %,d"
            + " updates; %,d stale)%n",
        config.strategy(),
        config.eviction(),
        producerItems + consumed[0] + consumed[1],
        producerItems,
        consumed[0],
        consumed[1],
        stats.staleUpdates());
    return new Outcome(stats, producerItems, consumed[0], consumed[1]);
  }

  /** The row's tokens must spell its stamp, and labels, segments and length must match it. */
  static void checkRow(SampleBatch batch, int k, int seq, int vocab) {
    long stamp = batch.stamp(k);
    long id = Fixtures.decode(batch.corruptedIds(), k, seq, vocab);
    if (id != stamp) {
      throw new AssertionError("row " + k + " spells item " + id + " but has stamp " + stamp);
    }
    int len = Fixtures.lengthOf(id, seq);
    if (batch.lengths()[k] != len) {
      throw new AssertionError("item " + id + " has length " + batch.lengths()[k]);
    }
    int base = k * seq;
    for (int t = 0; t < seq; t++) {
      int label = t == 3 && id % 2 == 1 ? 1 : 0;
      int segment = t >= len / 2 && t < len ? 1 : 0;
      if (batch.labels()[base + t] != label || batch.segmentIds()[base + t] != segment) {
        throw new AssertionError(
            "item "
                + id
                + " token "
                + t
                + " has label "
                + batch.labels()[base + t]
                + " segment "
                + batch.segmentIds()[base + t]);
      }
    }
    if (batch.creationSteps()[k] != id / INSERT_BATCH * INSERT_BATCH) {
      throw new AssertionError("item " + id + " has creation step " + batch.creationSteps()[k]);
    }
  }

  @Test
  void prioritizedFifoSmallRun() throws InterruptedException {
    run(Fixtures.config("prioritized", 5_000).set(ReplayOptions.WEIGHT, "loss").build(), 300_000);
  }

  @Test
  void uniformMinWeightWithDropsSmallRun() throws InterruptedException {
    Outcome o =
        run(
            Fixtures.config("uniform", 2_000)
                .set(ReplayOptions.EVICTION, "min-weight")
                .set(ReplayOptions.MAX_REPLAYS, 3)
                .build(),
            300_000);
    assertTrue(o.stats().dropped() > 0, "items were dropped after 3 replays");
  }

  @Test
  @Tag("slow")
  void tenMillionOperationsPrioritized() throws InterruptedException {
    run(
        Fixtures.config("prioritized", 100_000).set(ReplayOptions.WEIGHT, "loss").build(),
        10_000_000);
  }

  @Test
  @Tag("slow")
  void tenMillionOperationsWithEvictionsAndDrops() throws InterruptedException {
    run(
        Fixtures.config("prioritized", 20_000)
            .set(ReplayOptions.EVICTION, "min-weight")
            .set(ReplayOptions.MAX_REPLAYS, 5)
            .build(),
        10_000_000);
  }
}
