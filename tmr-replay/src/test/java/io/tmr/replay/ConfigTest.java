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
    for (ReplayOption o : ReplayConfig.options()) {
      assertTrue(o.key().startsWith("replay."));
      assertFalse(o.description().isBlank());
      assertTrue(keys.add(o.key()), "duplicate key " + o.key());
      // each default parses on its own
      ReplayConfig.builder().set(o.key(), o.defaultValue()).build();
    }
    assertEquals(ReplayConfig.defaults().toMap().keySet(), keys);
    ReplayConfig c = ReplayConfig.builder().capacity(77).strategy("rank").eviction("min-weight")
        .weight("loss").alpha(0.123456789012345).beta(0.1).betaSteps(5).importanceWeights(false)
        .epsilon(3e-7).maxReplays(9).sampling(ReplayConfig.Sampling.STRATIFIED).minSize(10)
        .samplesPerInsert(2.5).errorBuffer(40).rateLimit(ReplayConfig.RateLimit.BLOCK)
        .rateLimitTimeoutMs(250).seed(-3).trace("/tmp/t.csv").traceFormat(TraceFormat.CSV)
        .labels(ReplayConfig.Labels.ORIGINAL_IDS).vocabSize(70000).segmentTypes(3)
        .maxSeqLength(64).build();
    assertEquals(c, ReplayConfig.fromMap(c.toMap()));
    assertEquals(ReplayConfig.defaults(), ReplayConfig.fromMap(Map.of()));
  }

  @Test
  void parsesTheFriendlySpellings() {
    ReplayConfig c = ReplayConfig.fromMap(Map.of("replay.maxReplays", "unbounded",
        "replay.importanceWeights", "off", "replay.capacity", " 0 "));
    assertEquals(0, c.maxReplays());
    assertFalse(c.importanceWeights());
    assertTrue(c.disabled());
    assertEquals(5, ReplayConfig.fromMap(Map.of("replay.maxReplays", "5")).maxReplays());
  }

  @Test
  void unknownKeysListTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReplayConfig.fromMap(Map.of("replay.alpah", "0.5")));
    assertTrue(e.getMessage().contains("replay.alpah"), e.getMessage());
    assertTrue(e.getMessage().contains("replay.alpha"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
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
      "replay.importanceWeights|yes|replay.importanceWeights",
      "replay.capacity|lots|replay.capacity",
      "replay.strategy| |replay.strategy",
      "replay.traceFormat|xml|replay.traceFormat",
      "replay.maxSeqLength|0|replay.maxSeqLength"})
  void badValuesNameTheirOption(String key, String value, String named) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReplayConfig.fromMap(Map.of(key, value == null ? "" : value)));
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }

  @Test
  void errorBufferMustCoverTheRatio() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReplayConfig.builder().samplesPerInsert(8).errorBuffer(4).build());
    assertTrue(e.getMessage().contains("replay.errorBuffer"), e.getMessage());
    ReplayConfig.builder().samplesPerInsert(8).errorBuffer(8).build();
  }

  @Test
  void tooManyTokensForOneArray() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ReplayConfig.builder().capacity(20_000_000).maxSeqLength(128).build());
    assertTrue(e.getMessage().contains("replay.maxSeqLength"), e.getMessage());
  }
}
