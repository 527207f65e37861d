package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RateLimitedBufferTest {

  @Test
  void refuseModeRefusesWithAReasonAndStoresNothing() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("uniform", 100)
                .set(ReplayOptions.SAMPLES_PER_INSERT, 1.0)
                .set(ReplayOptions.ERROR_BUFFER, 4.0)
                .build());
    Fixtures.insert(buffer, 4, 0, 0); // diff 4 = maxDiff
    RateLimitedException e =
        assertThrows(RateLimitedException.class, () -> Fixtures.insert(buffer, 1, 4, 1));
    assertTrue(e.getMessage().contains("replay.samplesPerInsert=1.0"), e.getMessage());
    Fixtures.Rows rows = Fixtures.rows(1, Fixtures.SEQ, 4, Fixtures.VOCAB);
    assertFalse(
        buffer.tryInsertBatch(
            1, Fixtures.SEQ, rows.corrupted, rows.original, null, rows.lengths, 1, null));
    assertEquals(4, buffer.size());
    SampleBatch batch = SampleBatch.indicesOnly(4);
    buffer.sample(4, batch); // diff 0
    Fixtures.insert(buffer, 4, 4, 1); // diff 4
    buffer.sample(4, batch);
    buffer.sample(4, batch); // diff -4 = minDiff
    assertFalse(buffer.trySample(1, batch));
    e = assertThrows(RateLimitedException.class, () -> buffer.sample(1, batch));
    assertTrue(e.getMessage().contains("producer must insert"), e.getMessage());
    assertEquals(3, buffer.stats().rateLimitRefusals());
  }

  @Test
  void minSizeHoldsSamplingBack() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("uniform", 100).set(ReplayOptions.MIN_SIZE, 10).build());
    Fixtures.insert(buffer, 9, 0, 0);
    assertFalse(buffer.trySample(1, SampleBatch.indicesOnly(1)));
    Fixtures.insert(buffer, 1, 9, 0);
    assertTrue(buffer.trySample(1, SampleBatch.indicesOnly(1)));
  }

  @Test
  void blockModePairsAProducerAndAConsumerWithinTheErrorBuffer() {
    double ratio = 2;
    double errorBuffer = 40;
    int minSize = 50;
    ReplayConfig config =
        Fixtures.config("prioritized", 500)
            .set(ReplayOptions.SAMPLES_PER_INSERT, ratio)
            .set(ReplayOptions.ERROR_BUFFER, errorBuffer)
            .set(ReplayOptions.MIN_SIZE, minSize)
            .set(ReplayOptions.RATE_LIMIT, ReplayConfig.RateLimit.BLOCK)
            .set(ReplayOptions.RATE_LIMIT_TIMEOUT_MS, 20_000L)
            .build();
    ReplayBuffer buffer = ReplayBuffers.create(config);
    int items = 20_000;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          Thread producer =
              new Thread(
                  () -> {
                    try {
                      for (int id = 0; id < items; id += 10) {
                        Fixtures.insert(buffer, 10, id, id);
                      }
                    } catch (Throwable t) {
                      failure.compareAndSet(null, t);
                    }
                  });
          producer.start();
          SampleBatch batch = SampleBatch.indicesOnly(8);
          long samples = 0;
          double minDiff = ratio * minSize - errorBuffer;
          double maxDiff = ratio * minSize + errorBuffer;
          while (samples < (long) (items * ratio) - 2 * errorBuffer) {
            buffer.sample(8, batch);
            samples += 8;
            ReplayStats s = buffer.stats();
            double diff = s.offered() * ratio - s.sampledItems();
            assertTrue(
                diff >= minDiff && diff <= maxDiff,
                "inserts*ratio - samples = " + diff + " left [" + minDiff + ", " + maxDiff + "]");
            buffer.update(batch, new float[] {1, 2, 3, 4, 5, 6, 7, 8});
          }
          producer.join();
        });
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    ReplayStats stats = buffer.stats();
    assertEquals(items, stats.offered());
    assertTrue(stats.rateLimitWaits() > 0, "somebody had to wait");
  }

  @Test
  void blockModeTimesOut() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("uniform", 10)
                .set(ReplayOptions.RATE_LIMIT, ReplayConfig.RateLimit.BLOCK)
                .set(ReplayOptions.RATE_LIMIT_TIMEOUT_MS, 50L)
                .build());
    long start = System.nanoTime();
    RateLimitedException e =
        assertThrows(
            RateLimitedException.class, () -> buffer.sample(1, SampleBatch.indicesOnly(1)));
    assertTrue(System.nanoTime() - start >= 45_000_000L);
    assertTrue(e.getMessage().contains("timed out after 50 ms"), e.getMessage());
  }

  @Test
  void closeWakesAWaitingConsumer() throws InterruptedException {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("uniform", 10)
                .set(ReplayOptions.RATE_LIMIT, ReplayConfig.RateLimit.BLOCK)
                .build());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread consumer =
        new Thread(
            () -> {
              try {
                buffer.sample(2, SampleBatch.indicesOnly(2));
              } catch (Throwable t) {
                thrown.set(t);
              }
            });
    consumer.start();
    Thread.sleep(100);
    assertTrue(consumer.isAlive(), "the consumer waits for items");
    buffer.close();
    consumer.join(5_000);
    assertFalse(consumer.isAlive());
    assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
    assertTrue(thrown.get().getMessage().contains("closed"));
  }

  @Test
  void aBatchTheLimiterCanNeverAdmitIsRejectedInsteadOfWaitingForever() {
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("uniform", 100)
                .set(ReplayOptions.SAMPLES_PER_INSERT, 1.0)
                .set(ReplayOptions.ERROR_BUFFER, 2.0)
                .set(ReplayOptions.RATE_LIMIT, ReplayConfig.RateLimit.BLOCK)
                .build());
    Fixtures.insert(buffer, 2, 0, 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> buffer.sample(8, SampleBatch.indicesOnly(8)));
    assertTrue(e.getMessage().contains("can never be admitted"), e.getMessage());
  }
}
