package io.tmr.bench.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
      TmrOverheadBenchmark.Row r = TmrOverheadBenchmark.runVariant("tiny", batch, 16, 2, 4, v.getKey(), v.getValue());
      List<String> o = v.getValue() == null ? List.of() : v.getValue();
      int k = o.contains("replay.generatorInterval=4") ? 4 : o.contains("replay.generatorInterval=2") ? 2 : 1;
      assertEquals(batch, r.discPerStep(), 1e-12, v.getKey());
      assertEquals(batch / (double) k, r.freshPerStep(), 1e-12, v.getKey());
      assertTrue(r.stepMs() > 0 && r.discriminatorMs() > 0 && r.stepMs() >= r.discriminatorMs(), v.getKey());
    }
  }
}
