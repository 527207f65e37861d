package io.tmr.bench.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The overhead benchmark's accounting (not its timings) on a few steps of the tiny shape. */
class TmrOverheadBenchmarkTest {
  @Test
  void everyVariantTrainsOneFullDiscriminatorBatchPerStepAndConsumesFreshDataAtItsInterval() {
    int batch = 4;
    for (var v : TmrOverheadBenchmark.variants().entrySet()) {
      if (v.getKey().contains("exact")) {
        continue; // per-example backward passes: same accounting, slower
      }
      TmrOverheadBenchmark.Row r =
          TmrOverheadBenchmark.runVariant("tiny", batch, 16, 2, 4, v.getKey(), v.getValue());
      // ELECTRA consumes a batch per step; every TMR variant (freshFraction 0.5, fresh-once) half a
      // batch, whatever its
      // generator interval: the generator makes 2 rows every step, 4 every second step or 8 every
      // fourth.
      double fresh = v.getValue() == null ? batch : batch / 2.0;
      assertEquals(batch, r.discPerStep(), 1e-12, v.getKey());
      assertEquals(fresh, r.freshPerStep(), 1e-12, v.getKey());
      assertTrue(
          r.stepMs() > 0 && r.discriminatorMs() > 0 && r.stepMs() >= r.discriminatorMs(),
          v.getKey());
    }
  }
}
