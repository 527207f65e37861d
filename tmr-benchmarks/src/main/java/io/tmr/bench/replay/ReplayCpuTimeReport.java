package io.tmr.bench.replay;

import io.tmr.replay.InsertReceipt;
import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.SampleBatch;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The headline replay figures measured in <em>thread CPU time</em> per operation ({@link
 * ThreadMXBean#getCurrentThreadCpuTime()}), next to wall time.
 *
 * <p>Why, next to JMH: on a shared machine whose load average exceeds its core count, JMH's
 * wall-clock scores mostly measure how often the benchmark thread was descheduled (error bars
 * larger than the scores). CPU time excludes those gaps, so it estimates the cost on a dedicated
 * core; cache pollution by neighbours still counts against it. Each case is warmed up for {@code
 * warmupSeconds}, then timed in {@code rounds} rounds; the median round is reported.
 *
 * <p>Usage: {@code java -cp ... io.tmr.bench.replay.ReplayCpuTimeReport [rounds] [warmupSeconds]}
 */
public final class ReplayCpuTimeReport {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private interface Op {
    void run();
  }

  private static double[] measure(Op op, int opsPerRound, int rounds, double warmupSeconds) {
    long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
    while (System.nanoTime() < warmEnd) {
      op.run();
    }
    double[] cpu = new double[rounds];
    double[] wall = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long c0 = THREADS.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      for (int i = 0; i < opsPerRound; i++) {
        op.run();
      }
      cpu[r] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e3 / opsPerRound;
      wall[r] = (System.nanoTime() - w0) / 1e3 / opsPerRound;
    }
    Arrays.sort(cpu);
    Arrays.sort(wall);
    return new double[] {cpu[rounds / 2], cpu[0], wall[rounds / 2]};
  }

  private static void report(String name, int items, double[] m) {
    System.out.printf(
        Locale.ROOT,
        "%-58s cpu %9.2f us/op (min %9.2f)  wall %9.2f us/op  %7.2f M items/s (cpu)%n",
        name,
        m[0],
        m[1],
        m[2],
        items / m[0]);
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (Exception e) {
      return "n/a";
    }
  }

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    double warmup = args.length > 1 ? Double.parseDouble(args[1]) : 3;
    System.out.println(
        "load average before: "
            + load()
            + "; cores: "
            + Runtime.getRuntime().availableProcessors());

    ReplayBuffer uniform = ReplayBenchmarkSupport.filled("uniform", 100_000);
    SampleBatch b1024 = SampleBatch.indicesOnly(1024);
    report(
        "uniform sample, batch 1024, 10^5 items",
        1024,
        measure(() -> uniform.sample(1024, b1024), 200, rounds, warmup));
    SampleBatch rows1024 = SampleBatch.withRows(1024, 128);
    report(
        "uniform sample with 128-token rows, batch 1024, 10^5",
        1024,
        measure(() -> uniform.sample(1024, rows1024), 20, rounds, warmup));
    uniform.close();

    for (int capacity : new int[] {10_000, 100_000, 1_000_000}) {
      ReplayBuffer prioritized = ReplayBenchmarkSupport.filled("prioritized", capacity);
      float[] a = ReplayBenchmarkSupport.losses(1024, 1);
      float[] b = ReplayBenchmarkSupport.losses(1024, 2);
      boolean[] flip = {false};
      for (int batch : new int[] {32, 1024}) {
        SampleBatch out = SampleBatch.indicesOnly(batch);
        int opsPerRound = Math.max(20, 40_000 / batch);
        report(
            String.format(Locale.ROOT, "prioritized sample, batch %d, %,d items", batch, capacity),
            batch,
            measure(() -> prioritized.sample(batch, out), opsPerRound, rounds, warmup));
        report(
            String.format(
                Locale.ROOT, "prioritized sample + update, batch %d, %,d items", batch, capacity),
            batch,
            measure(
                () -> {
                  prioritized.sample(batch, out);
                  flip[0] = !flip[0];
                  prioritized.update(out, flip[0] ? a : b);
                },
                opsPerRound,
                rounds,
                warmup));
      }
      ReplayBenchmarkSupport.Rows rows = new ReplayBenchmarkSupport.Rows(128, 128, 3);
      InsertReceipt receipt = new InsertReceipt(128);
      report(
          String.format(
              Locale.ROOT, "prioritized insert 128 rows x 128 tokens, %,d items", capacity),
          128,
          measure(
              () ->
                  prioritized.insertBatch(
                      128,
                      128,
                      rows.corrupted,
                      rows.original,
                      rows.segments,
                      rows.lengths,
                      0,
                      receipt),
              200,
              rounds,
              warmup));
      prioritized.close();
    }
    System.out.println("load average after: " + load());
  }
}
