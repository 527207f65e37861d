package io.tmr.bench.replay;

import io.tmr.replay.InsertReceipt;
import io.tmr.replay.ReplayBuffer;
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
 * {@code insertBatch} of generator rows into a full buffer (steady state: every row evicts one, or
 * is rejected by the reservoir): validation of every token, packing to 16 bits, label bitset,
 * metadata, sampler and eviction index updates. Rows are 128 tokens (16 at 10^7 items).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
public class ReplayInsertBenchmark {

  @Param({"uniform", "prioritized", "rank", "reservoir", "fifo"})
  public String strategy;

  @Param({"10000", "1000000", "10000000"})
  public int capacity;

  @Param({"32", "128", "1024"})
  public int batch;

  private ReplayBuffer buffer;
  private ReplayBenchmarkSupport.Rows rows;
  private InsertReceipt receipt;
  private long step;

  @Setup(Level.Trial)
  public void setUp() {
    buffer = ReplayBenchmarkSupport.filled(strategy, capacity);
    rows = new ReplayBenchmarkSupport.Rows(batch, ReplayBenchmarkSupport.seqLenFor(capacity), 3);
    receipt = new InsertReceipt(batch);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    buffer.close();
    buffer = null;
  }

  @Benchmark
  public int insert() {
    return buffer.insertBatch(
        batch,
        rows.seqLen,
        rows.corrupted,
        rows.original,
        rows.segments,
        rows.lengths,
        step++,
        receipt);
  }
}
