package io.tmr.replay.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.ReplayConfig;
import io.tmr.replay.ReplayOptions;
import org.junit.jupiter.api.Test;

/** The admission arithmetic, against hand-computed Reverb SampleToInsertRatio values. */
class RateLimiterTest {

  @Test
  void followsReverbsSampleToInsertRatio() {
    // ratio 2, min size 10, error buffer 4: minDiff = 16, maxDiff = 24
    RateLimiter limiter =
        new RateLimiter(
            ReplayConfig.builder()
                .set(ReplayOptions.CAPACITY, 100)
                .set(ReplayOptions.SAMPLES_PER_INSERT, 2.0)
                .set(ReplayOptions.MIN_SIZE, 10)
                .set(ReplayOptions.ERROR_BUFFER, 4.0)
                .build());
    assertEquals(16, limiter.minDiff());
    assertEquals(24, limiter.maxDiff());
    assertTrue(limiter.canInsert(10, 0), "filling up to the minimum is free");
    assertFalse(limiter.canSample(1, 9), "below the minimum size nothing is sampled");
    limiter.recordInserts(10);
    assertTrue(limiter.canSample(1, 10)); // 20 - 0 - 1 = 19 >= 16
    assertTrue(limiter.canSample(4, 10)); // 16 >= 16
    assertFalse(limiter.canSample(5, 10)); // 15 < 16
    assertTrue(limiter.canInsert(2, 10)); // 24 <= 24
    assertFalse(limiter.canInsert(3, 10)); // 26 > 24
    limiter.recordSamples(4);
    assertFalse(limiter.canSample(1, 10));
    assertTrue(limiter.canInsert(4, 10)); // 28 - 4 = 24
    assertTrue(limiter.admissible(6)); // 24 - 2 - 16
    assertFalse(limiter.admissible(7));
    assertTrue(limiter.whyNotSample(1, 10).contains("producer must insert"));
    assertTrue(limiter.whyNotSample(1, 5).contains("replay.minSize"));
    assertTrue(limiter.whyNotSample(11, 10).contains("batch 11 > size 10"));
  }

  @Test
  void withoutARatioOnlySizesMatter() {
    RateLimiter limiter =
        new RateLimiter(ReplayConfig.builder().set(ReplayOptions.MIN_SIZE, 5).build());
    assertFalse(limiter.ratioEnabled());
    limiter.recordSamples(1_000_000);
    assertTrue(limiter.canInsert(1_000, 1_000));
    assertFalse(limiter.canSample(3, 4));
    assertTrue(limiter.canSample(3, 5));
    assertFalse(limiter.canSample(6, 5));
    assertTrue(limiter.admissible(Integer.MAX_VALUE));
  }
}
