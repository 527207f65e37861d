package io.tmr.replay.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tmr.replay.Fixtures;
import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.ReplayBuffers;
import io.tmr.replay.ReplayOptions;
import io.tmr.replay.SampleBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TraceTest {

  @TempDir Path dir;

  private static TraceStep copy(SampleBatch b) {
    int n = b.size();
    return new TraceStep(
        b.step(),
        b.beta(),
        Arrays.copyOf(b.slots(), n),
        Arrays.copyOf(b.stamps(), n),
        Arrays.copyOf(b.probabilities(), n),
        Arrays.copyOf(b.importanceWeights(), n));
  }

  private static void assertSameSteps(List<TraceStep> expected, List<TraceStep> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      TraceStep e = expected.get(i);
      TraceStep a = actual.get(i);
      assertEquals(e.step(), a.step());
      assertEquals(e.beta(), a.beta());
      assertArrayEquals(e.slots(), a.slots());
      assertArrayEquals(e.stamps(), a.stamps());
      assertArrayEquals(e.probabilities(), a.probabilities(), "bit-exact doubles");
      assertArrayEquals(e.weights(), a.weights());
    }
  }

  @ParameterizedTest
  @EnumSource(TraceFormat.class)
  void traceRecordsEverySampleCallExactly(TraceFormat format) throws IOException {
    Path file = dir.resolve("trace." + format.label());
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 50)
                .set(ReplayOptions.TRACE, file.toString())
                .set(ReplayOptions.TRACE_FORMAT, format)
                .set(ReplayOptions.BETA_STEPS, 7L)
                .build());
    Fixtures.insert(buffer, 50, 0, 0);
    SampleBatch batch = SampleBatch.indicesOnly(16);
    List<TraceStep> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      buffer.sample(1 + i, batch);
      expected.add(copy(batch));
      float[] losses = new float[1 + i];
      Arrays.fill(losses, i * 0.1f);
      buffer.update(batch, losses);
    }
    buffer.takeFresh(3, batch); // fresh takes are not traced
    buffer.close();
    assertSameSteps(expected, TraceReader.readAll(file));
  }

  @Test
  void aDrawListenerIsToldWhatTheTraceRecordsAndNothingAboutFreshTakes() throws IOException {
    Path file = dir.resolve("trace.bin");
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("prioritized", 40)
                .set(ReplayOptions.TRACE, file.toString())
                .set(ReplayOptions.TRACE_FORMAT, TraceFormat.BINARY)
                .build());
    List<TraceStep> told = new ArrayList<>();
    buffer.addDrawListener(b -> told.add(copy(b)));
    Fixtures.insert(buffer, 40, 0, 0);
    SampleBatch batch = SampleBatch.indicesOnly(8);
    for (int i = 0; i < 9; i++) {
      buffer.sample(8, batch);
      float[] losses = new float[8];
      Arrays.fill(losses, 0.05f * (i + 1));
      buffer.update(batch, losses);
    }
    buffer.takeFresh(2, batch);
    buffer.close();
    assertEquals(9, told.size());
    assertSameSteps(TraceReader.readAll(file), told);
    assertThrows(IllegalStateException.class, () -> buffer.addDrawListener(b -> {}));
  }

  @ParameterizedTest
  @EnumSource(TraceFormat.class)
  void aRestoredBufferContinuesItsTrace(TraceFormat format) throws IOException {
    Path file = dir.resolve("continued." + format.label());
    ReplayBuffer buffer =
        ReplayBuffers.create(
            Fixtures.config("uniform", 20)
                .set(ReplayOptions.TRACE, file.toString())
                .set(ReplayOptions.TRACE_FORMAT, format)
                .build());
    Fixtures.insert(buffer, 20, 0, 0);
    SampleBatch batch = SampleBatch.indicesOnly(4);
    List<TraceStep> expected = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      buffer.sample(4, batch);
      expected.add(copy(batch));
    }
    Path snap = dir.resolve("b.snap");
    buffer.snapshot(snap);
    buffer.close();
    ReplayBuffer restored = ReplayBuffers.restore(snap);
    for (int i = 0; i < 2; i++) {
      restored.sample(4, batch);
      expected.add(copy(batch));
    }
    restored.close();
    List<TraceStep> steps = TraceReader.readAll(file);
    assertSameSteps(expected, steps);
    assertEquals(List.of(0L, 1L, 2L, 3L, 4L), steps.stream().map(TraceStep::step).toList());
  }

  @Test
  void programmaticTraceAndGarbageFiles() throws IOException {
    ReplayBuffer buffer = ReplayBuffers.create(Fixtures.config("uniform", 20).build());
    Fixtures.insert(buffer, 20, 0, 0);
    Path file = dir.resolve("manual.bin");
    buffer.startTrace(file, TraceFormat.BINARY, false);
    SampleBatch batch = SampleBatch.indicesOnly(4);
    buffer.sample(4, batch);
    buffer.stopTrace();
    buffer.sample(4, batch); // not traced
    assertEquals(1, TraceReader.readAll(file).size());
    Path garbage = dir.resolve("garbage.txt");
    Files.writeString(garbage, "hello\n");
    assertThrows(IOException.class, () -> TraceReader.readAll(garbage));
    Path csv = dir.resolve("t.csv");
    Files.writeString(csv, "hello\n");
    assertThrows(
        IOException.class,
        () -> buffer.startTrace(csv, TraceFormat.CSV, true),
        "appending to a file that is not a CSV trace");
  }
}
