package io.tmr.models.artefact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tmr.core.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Which checkpoint a diverged run names as its last good one. */
class CheckpointTest {
  @TempDir Path dir;

  private void save(long step, float weight, float moment) throws IOException {
    Parameter w = Parameter.zeros("w", DataType.FLOAT, new long[] {2, 2}, true, 0);
    w.value().assign(weight);
    Checkpoint.save(
        dir,
        step,
        List.of(w),
        Map.of("adam.m.w", Nd4j.create(DataType.FLOAT, 2, 2).assign(moment)),
        Map.of(),
        Map.of(),
        10);
  }

  @Test
  void theLastGoodCheckpointIsTheNewestWithFiniteParametersAndOptimizerState() throws IOException {
    save(100, 0.5f, 0.1f);
    save(200, 0.25f, 0.2f);
    save(300, Float.NaN, 0.3f); // diverged weights
    save(400, 0.1f, Float.POSITIVE_INFINITY); // diverged optimizer moments
    assertEquals(Checkpoint.fileFor(dir, 400), Checkpoint.latest(dir));
    assertEquals(Checkpoint.fileFor(dir, 200), Checkpoint.latestFinite(dir));

    // A damaged file is not good either: flip one byte of step 200's data.
    Path p = Checkpoint.fileFor(dir, 200);
    byte[] b = Files.readAllBytes(p);
    b[b.length - 3] ^= 0x40;
    Files.write(p, b);
    assertEquals(Checkpoint.fileFor(dir, 100), Checkpoint.latestFinite(dir));

    Files.delete(Checkpoint.fileFor(dir, 100));
    assertNull(Checkpoint.latestFinite(dir));
  }
}
