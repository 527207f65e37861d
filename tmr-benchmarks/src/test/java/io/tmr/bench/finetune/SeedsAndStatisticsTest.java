package io.tmr.bench.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed lists, per-seed random streams, and the statistics reported over seeds. */
class SeedsAndStatisticsTest {

  @Test
  void seedSpecificationsParse() {
    assertEquals(List.of(1L, 2L, 3L), Seeds.parse("1..3"));
    assertEquals(List.of(4L, 9L, 1L), Seeds.parse("4, 9,1"));
    assertEquals(List.of(7L), Seeds.parse("7"));
    assertEquals(List.of(1L, 2L, 10L), Seeds.parse("1..2,10"));
    assertThrows(IllegalArgumentException.class, () -> Seeds.parse("1..3,2"), "repeated seed");
    assertThrows(IllegalArgumentException.class, () -> Seeds.parse("3..1"));
    assertThrows(IllegalArgumentException.class, () -> Seeds.parse(""));
    assertThrows(NumberFormatException.class, () -> Seeds.parse("one"));
  }

  @Test
  void permutationsAreSeededAndComplete() {
    int[] a = Seeds.permutation(50, Seeds.dataOrder(3));
    int[] b = Seeds.permutation(50, Seeds.dataOrder(3));
    int[] c = Seeds.permutation(50, Seeds.dataOrder(4));
    assertArrayEquals(a, b);
    assertTrue(!Arrays.equals(a, c), "another seed, another order");
    int[] sorted = a.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) {
      assertEquals(i, sorted[i]);
    }
    // The four streams of one seed are distinct.
    assertNotEquals(Seeds.dataOrder(1).nextLong(), Seeds.dropout(1).nextLong());
    assertNotEquals(Seeds.headInit(1).nextLong(), Seeds.dropout(1).nextLong());
    assertNotEquals(Seeds.encoderInit(1), Seeds.encoderInit(2));
  }

  @Test
  void oddCountStatistics() {
    SeedStatistics s = SeedStatistics.of(List.of(60.0, 50.0, 70.0));
    assertEquals(60.0, s.median());
    assertEquals(60.0, s.mean(), 1e-12);
    assertEquals(10.0, s.std(), 1e-12, "sample standard deviation (n - 1)");
    assertEquals(50.0, s.min());
    assertEquals(70.0, s.max());
    assertEquals(3, s.defined());
    assertEquals(List.of(60.0, 50.0, 70.0), s.values(), "values stay in seed order");
  }

  @Test
  void evenCountMedianAveragesTheMiddlePair() {
    SeedStatistics s = SeedStatistics.of(List.of(4.0, 1.0, 3.0, 2.0));
    assertEquals(2.5, s.median());
    assertEquals(Math.sqrt(5.0 / 3.0), s.std(), 1e-12);
    assertEquals(0.0, SeedStatistics.of(List.of(5.0)).std());
  }

  @Test
  void undefinedValuesAreLeftOutOfTheSummaryAndWrittenAsNull() {
    SeedStatistics s = SeedStatistics.of(List.of(Double.NaN, 80.0, 90.0));
    assertEquals(2, s.defined());
    assertEquals(85.0, s.median());
    Map<String, Object> json = s.asMap();
    assertNull(((List<?>) json.get("values")).get(0));
    assertEquals(85.0, json.get("median"));
    SeedStatistics none = SeedStatistics.of(List.of(Double.NaN));
    assertEquals(0, none.defined());
    assertTrue(Double.isNaN(none.median()));
    assertNull(none.asMap().get("mean"));
    assertEquals("n/a", ResultsTable.number(none.median()));
  }
}
