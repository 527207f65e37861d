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
 * One {@code sample(batch)} call: draws, probabilities, importance weights, stamps and replay
 * bookkeeping (no token copy; see {@link ReplayRowsBenchmark}). The buffer is full and its weights
 * random; nothing is dropped ({@code replay.maxReplays} unbounded).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class ReplaySampleBenchmark {

  @Param({"uniform", "prioritized", "rank", "reservoir", "fifo"})
  public String strategy;

  @Param({"10000", "100000", "1000000", "10000000"})
  public int capacity;

  @Param({"32", "128", "1024"})
  public int batch;

  private ReplayBuffer buffer;
  private SampleBatch out;

  @Setup(Level.Trial)
  public void setUp() {
    buffer = ReplayBenchmarkSupport.filled(strategy, capacity);
    out = SampleBatch.indicesOnly(batch);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    buffer.close();
    buffer = null;
  }

  @Benchmark
  public SampleBatch sample() {
    buffer.sample(batch, out);
    return out;
  }
}
