package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.replay.trace.TraceFormat;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigTest {

  @Test
  void defaultsAreTheDesignDecisions() {
    ReplayConfig c = ReplayConfig.defaults();
    assertEquals(4096, c.capacity());
    assertEquals("prioritized", c.strategy());
    assertEquals("fifo", c.eviction());
    assertEquals("loss-difference", c.weight());
    assertEquals(0.6, c.alpha());
    assertEquals(0.4, c.beta());
    assertTrue(c.importanceWeights());
    assertEquals(1e-6, c.epsilon());
    assertEquals(0, c.maxReplays(), "unbounded");
    assertEquals(ReplayConfig.Sampling.INDEPENDENT, c.sampling());
    assertEquals(ReplayConfig.RateLimit.REFUSE, c.rateLimit());
    assertEquals(ReplayConfig.Labels.BITSET, c.labels());
    assertFalse(c.disabled());
    assertFalse(c.wideIds());
  }

  @Test
  void everyOptionIsListedAndRoundTrips() {
    Set<String> keys = new HashSet<>();
    for (io.tmr.config.ConfigKey<?> o : ReplayRegistry.defaultRegistry().spec().keys()) {
      assertTrue(o.name().startsWith("replay."));
      assertFalse(o.description().isBlank());
      assertTrue(keys.add(o.name()), "duplicate key " + o.name());
      // each default parses on its own
      ReplayConfig.builder().set(o.name(), o.formatObject(o.defaultValue())).build();
    }
    assertEquals(ReplayConfig.defaults().toMap().keySet(), keys);
    ReplayConfig c =
        ReplayConfig.builder()
            .set(ReplayOptions.CAPACITY, 77)
            .set(ReplayOptions.STRATEGY, "rank")
            .set(ReplayOptions.EVICTION, "min-weight")
            .set(ReplayOptions.WEIGHT, "loss")
            .set(ReplayOptions.ALPHA, 0.123456789012345)
            .set(ReplayOptions.BETA, 0.1)
            .set(ReplayOptions.BETA_STEPS, 5L)
            .set(ReplayOptions.IMPORTANCE_WEIGHTS, false)
            .set(ReplayOptions.EPSILON, 3e-7)
            .set(ReplayOptions.MAX_REPLAYS, 9)
            .set(ReplayOptions.SAMPLING, ReplayConfig.Sampling.STRATIFIED)
            .set(ReplayOptions.MIN_SIZE, 10)
            .set(ReplayOptions.SAMPLES_PER_INSERT, 2.5)
            .set(ReplayOptions.ERROR_BUFFER, 40.0)
            .set(ReplayOptions.RATE_LIMIT, ReplayConfig.RateLimit.BLOCK)
            .set(ReplayOptions.RATE_LIMIT_TIMEOUT_MS, 250L)
            .set(ReplayOptions.SEED, -3L)
            .set(ReplayOptions.TRACE, "/tmp/t.csv")
            .set(ReplayOptions.TRACE_FORMAT, TraceFormat.CSV)
            .set(ReplayOptions.LABELS, ReplayConfig.Labels.ORIGINAL_IDS)
            .set(ReplayOptions.VOCAB_SIZE, 70000)
            .set(ReplayOptions.SEGMENT_TYPES, 3)
            .set(ReplayOptions.MAX_SEQ_LENGTH, 64)
            .build();
    assertEquals(c, ReplayConfig.fromMap(c.toMap()));
    assertEquals(ReplayConfig.defaults(), ReplayConfig.fromMap(Map.of()));
  }

  @Test
  void parsesTheFriendlySpellings() {
    ReplayConfig c =
        ReplayConfig.fromMap(
            Map.of(
                "replay.maxReplays",
                "unbounded",
                "replay.importanceWeights",
                "off",
                "replay.capacity",
                " 0 "));
    assertEquals(0, c.maxReplays());
    assertFalse(c.importanceWeights());
    assertTrue(c.disabled());
    assertEquals(5, ReplayConfig.fromMap(Map.of("replay.maxReplays", "5")).maxReplays());
  }

  @Test
  void unknownKeysListTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReplayConfig.fromMap(Map.of("replay.alpah", "0.5")));
    assertTrue(e.getMessage().contains("replay.alpah"), e.getMessage());
    assertTrue(e.getMessage().contains("replay.alpha"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "replay.capacity|-1|replay.capacity",
        "replay.capacity|600000000|replay.capacity",
        "replay.alpha|NaN|replay.alpha",
        "replay.alpha|-0.1|replay.alpha",
        "replay.beta|1.5|replay.beta",
        "replay.epsilon|Infinity|replay.epsilon",
        "replay.maxReplays|-2|replay.maxReplays",
        "replay.samplesPerInsert|-1|replay.samplesPerInsert",
        "replay.errorBuffer|-1|replay.errorBuffer",
        "replay.minSize|5000|replay.minSize",
        "replay.sampling|random|replay.sampling",
        "replay.rateLimit|maybe|replay.rateLimit",
        "replay.importanceWeights|perhaps|replay.importanceWeights",
        "replay.capacity|lots|replay.capacity",
        "replay.strategy| |replay.strategy",
        "replay.traceFormat|xml|replay.traceFormat",
        "replay.maxSeqLength|0|replay.maxSeqLength"
      })
  void badValuesNameTheirOption(String key, String value, String named) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReplayConfig.fromMap(Map.of(key, value == null ? "" : value)));
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }

  @Test
  void errorBufferMustCoverTheRatio() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReplayConfig.builder()
                    .set(ReplayOptions.SAMPLES_PER_INSERT, 8.0)
                    .set(ReplayOptions.ERROR_BUFFER, 4.0)
                    .build());
    assertTrue(e.getMessage().contains("replay.errorBuffer"), e.getMessage());
    ReplayConfig.builder()
        .set(ReplayOptions.SAMPLES_PER_INSERT, 8.0)
        .set(ReplayOptions.ERROR_BUFFER, 8.0)
        .build();
  }

  @Test
  void tooManyTokensForOneArray() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReplayConfig.builder()
                    .set(ReplayOptions.CAPACITY, 20_000_000)
                    .set(ReplayOptions.MAX_SEQ_LENGTH, 128)
                    .build());
    assertTrue(e.getMessage().contains("replay.maxSeqLength"), e.getMessage());
  }
}
