package io.tmr.core.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
  @TempDir Path tmp;

  @Test
  void resumeDropsRowsAfterTheCheckpointAndATornLine() throws IOException {
    Path f = tmp.resolve("metrics.csv");
    List<String> cols = List.of("step", "loss");
    try (MetricsLog log = MetricsLog.create(f, cols)) {
      for (int s = 1; s <= 5; s++) {
        log.log(s, 1.0 / s);
      }
    }
    Files.writeString(
        f, Files.readString(f) + "6,0.1", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
    try (MetricsLog log = MetricsLog.resume(f, cols, 3)) {
      log.log(4, 0.25);
    }
    var data = MetricsLog.read(f);
    assertArrayEquals(new double[] {1, 2, 3, 4}, data.get("step"));
    assertEquals(0.25, data.get("loss")[3]);
    assertEquals(1.0 / 3, data.get("loss")[2], 1e-9);
  }

  @Test
  void resumeRefusesAnotherHeader() throws IOException {
    Path f = tmp.resolve("metrics.csv");
    MetricsLog.create(f, List.of("step", "a")).close();
    assertThrows(IOException.class, () -> MetricsLog.resume(f, List.of("step", "b"), 0));
  }
}
