package io.tmr.bench.replay;

import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.SampleBatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The trainer's sampling path: {@code sample} into a batch created {@code withRows}, which also
 * unpacks corrupted ids, labels and segment ids of 128-token rows under the lock.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class ReplayRowsBenchmark {

  @Param({"uniform", "prioritized"})
  public String strategy;

  @Param({"100000"})
  public int capacity;

  @Param({"32", "128", "1024"})
  public int batch;

  private ReplayBuffer buffer;
  private SampleBatch out;

  @Setup(Level.Trial)
  public void setUp() {
    buffer = ReplayBenchmarkSupport.filled(strategy, capacity);
    out = SampleBatch.withRows(batch, ReplayBenchmarkSupport.seqLenFor(capacity));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    buffer.close();
    buffer = null;
  }

  @Benchmark
  public SampleBatch sampleWithRows() {
    buffer.sample(batch, out);
    return out;
  }
}
