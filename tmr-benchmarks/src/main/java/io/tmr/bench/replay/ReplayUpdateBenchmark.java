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
 * Priority updates: {@code update(batch, losses)} for one sampled batch (validation, stamp check,
 * priority rule, sampler and eviction index updates), and {@code sampleAndUpdate}, the trainer's
 * per-step cost. Losses alternate between two vectors so every update really changes weights.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class ReplayUpdateBenchmark {

  @Param({"uniform", "prioritized", "rank", "reservoir", "fifo"})
  public String strategy;

  @Param({"10000", "1000000", "10000000"})
  public int capacity;

  @Param({"32", "128", "1024"})
  public int batch;

  private ReplayBuffer buffer;
  private SampleBatch out;
  private float[] lossesA;
  private float[] lossesB;
  private boolean flip;

  @Setup(Level.Trial)
  public void setUp() {
    buffer = ReplayBenchmarkSupport.filled(strategy, capacity);
    out = SampleBatch.indicesOnly(batch);
    buffer.sample(batch, out);
    lossesA = ReplayBenchmarkSupport.losses(batch, 1);
    lossesB = ReplayBenchmarkSupport.losses(batch, 2);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    buffer.close();
    buffer = null;
  }

  @Benchmark
  public int update() {
    flip = !flip;
    return buffer.update(out, flip ? lossesA : lossesB);
  }

  @Benchmark
  public int sampleAndUpdate() {
    buffer.sample(batch, out);
    flip = !flip;
    return buffer.update(out, flip ? lossesA : lossesB);
  }
}
