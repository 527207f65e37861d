package io.tmr.core.nn;

import io.tmr.core.optim.AdamW;
import io.tmr.core.optim.GradientClipping;
import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Parallel;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of one discriminator encoder (embeddings, projection, layers, RTD head, BCE) forward
 * plus backward at batch 32 x 128, float32, for the performance.md shapes A, B, C; prints tokens/s,
 * achieved GFLOP/s and the fraction of a GEMM peak measured in the same process. Not a unit test:
 * run it by hand (see docs/layers.md). Arguments: shapes (default "A,B,C") and timed steps (5).
 * With {@code -Dtmr.profile=true} it also prints where the time goes.
 */
public final class EncoderBenchmark {
  private static final int BATCH = 32;
  private static final int SEQ = 128;
  private static double cpuPeak = Double.NaN;

  record Shape(String name, int hidden, int layers, int heads, int ffn, int embedding, int vocab) {}

  private static final List<Shape> SHAPES =
      List.of(
          new Shape("A", 128, 2, 2, 512, 128, 8000),
          new Shape("B", 256, 4, 4, 1024, 256, 8000),
          new Shape("C", 256, 12, 4, 1024, 128, 30522));

  public static void main(String[] args) throws IOException {
    String which = args.length > 0 ? args[0] : "A,B,C";
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Nd4j.create(DataType.FLOAT, 1); // initialise ND4J (it sets the OpenBLAS thread count)
    Integer blasThreads = Integer.getInteger("tmr.blasThreads");
    if (blasThreads != null) {
      Blas.setThreads(blasThreads);
    }
    System.out.printf(
        "threads: Java loops %d, OpenBLAS %d; OPENBLAS_CORETYPE=%s; load average %s%n",
        Parallel.threads(),
        Blas.threads(),
        System.getenv("OPENBLAS_CORETYPE"),
        Files.readString(Path.of("/proc/loadavg")).trim());
    double peak = gemmPeak();
    for (Shape s : SHAPES) {
      if (which.contains(s.name)) {
        run(s, steps, peak);
      }
    }
    System.out.printf("peak RSS %.2f GB%n", peakRssGb());
  }

  /**
   * Best of several [4096,256] x [256,1024] SGEMMs into preallocated outputs (ours and ND4J
   * f-order).
   */
  static double gemmPeak() {
    int m = 4096;
    int k = 256;
    int n = 1024;
    RandomStream r = new RandomStream(1);
    Matrix a = Matrix.allocate(DataType.FLOAT, m, k);
    Matrix b = Matrix.allocate(DataType.FLOAT, k, n);
    Matrix c = Matrix.allocate(DataType.FLOAT, m, n);
    for (int i = 0; i < a.size(); i++) {
      a.set(i, r.nextDouble());
    }
    for (int i = 0; i < b.size(); i++) {
      b.set(i, r.nextDouble());
    }
    double flops = 2.0 * m * n * k;
    double best = 0;
    double bestCpu = 0;
    int cores = Blas.threads();
    for (int rep = 0; rep < 30; rep++) {
      long t0 = System.nanoTime();
      Blas.gemm(false, false, 1.0, a, b, 0.0, c);
      best = Math.max(best, flops / (System.nanoTime() - t0));
    }
    // Process CPU time is coarse (scheduler ticks): time windows of 20 products.
    for (int rep = 0; rep < 5; rep++) {
      long c0 = processCpuNanos();
      for (int i = 0; i < 20; i++) {
        Blas.gemm(false, false, 1.0, a, b, 0.0, c);
      }
      bestCpu = Math.max(bestCpu, 20 * flops / ((processCpuNanos() - c0) / (double) cores));
    }
    System.out.printf("GEMM peak by CPU time over %d threads: %.1f GFLOP/s%n", cores, bestCpu);
    cpuPeak = bestCpu;
    INDArray x = Nd4j.rand(DataType.FLOAT, m, k);
    INDArray y = Nd4j.rand(DataType.FLOAT, k, n);
    INDArray z = Nd4j.create(DataType.FLOAT, new long[] {m, n}, 'f');
    double bestNd4j = 0;
    for (int rep = 0; rep < 30; rep++) {
      long t0 = System.nanoTime();
      x.mmuli(y, z);
      bestNd4j = Math.max(bestNd4j, flops / (System.nanoTime() - t0));
    }
    System.out.printf(
        "GEMM peak [4096,256]x[256,1024]: %.1f GFLOP/s (row-major cblas), %.1f GFLOP/s (ND4J mmuli, f-order)%n",
        best, bestNd4j);
    return Math.max(best, bestNd4j);
  }

  static long stepFlops(Shape s) {
    long t = (long) BATCH * SEQ;
    long h = s.hidden;
    long perLayer = 2 * t * (4 * h * h + 2 * h * s.ffn) + 4 * t * SEQ * h;
    long forward = s.layers * perLayer + 2 * t * h * (h + 1);
    if (s.embedding != s.hidden) {
      forward += 2 * t * s.embedding * h;
    }
    return 3 * forward;
  }

  static void run(Shape s, int steps, double peak) {
    RandomStream init = new RandomStream(1);
    EmbeddingConfig ec = EmbeddingConfig.of(s.vocab, s.embedding);
    TransformerConfig tc =
        TransformerConfig.of(s.hidden, s.layers, s.heads).withIntermediate(s.ffn);
    EncoderModel model = EncoderModel.create("electra", ec, tc, init);
    DiscriminatorHead head =
        new DiscriminatorHead(
            "discriminator_predictions",
            s.hidden,
            Gelu.ERF,
            s.layers + 2,
            DataType.FLOAT,
            init,
            0.02);
    SigmoidBinaryCrossEntropy bce = new SigmoidBinaryCrossEntropy(DataType.FLOAT);
    List<Parameter> params = Parameters.of(model, head);
    int tokens = BATCH * SEQ;
    int[] ids = new int[tokens];
    int[] labels = new int[tokens];
    int[] segments = new int[tokens];
    RandomStream data = new RandomStream(2);
    for (int i = 0; i < tokens; i++) {
      ids[i] = data.nextInt(s.vocab);
      labels[i] = data.nextDouble() < 0.15 ? 1 : 0;
      segments[i] = (i % SEQ) < SEQ / 2 ? 0 : 1;
    }
    AttentionMask mask = AttentionMask.full(BATCH, SEQ);
    RandomStream dropout = new RandomStream(3);
    Runnable step =
        () -> {
          Context ctx = Context.training(dropout);
          Matrix h = model.forward(ids, segments, mask, ctx);
          bce.forward(head.forward(h), labels, mask, null);
          model.backward(head.backward(bce.backward(50.0)));
        };
    for (int i = 0; i < 2; i++) {
      step.run();
    }
    Parameters.zeroGrads(params);
    Profiler.reset();
    double best = Double.MAX_VALUE;
    double total = 0;
    double bestCpu = Double.MAX_VALUE;
    for (int i = 0; i < steps; i++) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      step.run();
      double sec = (System.nanoTime() - t0) / 1e9;
      bestCpu = Math.min(bestCpu, (processCpuNanos() - c0) / 1e9);
      best = Math.min(best, sec);
      total += sec;
    }
    AdamW adam = new AdamW(params, AdamW.Config.electra());
    double optimizerSec = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long o0 = System.nanoTime();
      GradientClipping.clipByGlobalNorm(params, 1.0);
      adam.step(1e-4);
      optimizerSec = Math.min(optimizerSec, (System.nanoTime() - o0) / 1e9);
    }
    long zeroStart = System.nanoTime();
    Parameters.zeroGrads(params);
    double zeroSec = (System.nanoTime() - zeroStart) / 1e9;
    double flops = stepFlops(s);
    System.out.printf(
        "shape %s (H %d, L %d, heads %d, FFN %d, E %d, V %d, %,d params): best %.3f s/step, mean %.3f -> %,.0f tokens/s (best), "
            + "%.1f GFLOP/s, MFU %.0f%% of measured peak; zero grads %.1f ms; clip + AdamW %.1f ms%n",
        s.name,
        s.hidden,
        s.layers,
        s.heads,
        s.ffn,
        s.embedding,
        s.vocab,
        Parameters.count(params),
        best,
        total / steps,
        tokens / best,
        flops / best / 1e9,
        100 * flops / best / 1e9 / peak,
        zeroSec * 1e3,
        optimizerSec * 1e3);
    // On a shared machine wall time includes other users' load; CPU time of this process over the
    // cores it may use is the idle-machine estimate (it counts OpenBLAS spin-waiting as work).
    int cores = Math.max(Parallel.threads(), Blas.threads());
    System.out.printf(
        "  CPU time %.3f s/step over %d threads -> idle-machine estimate %,.0f tokens/s, %.1f GFLOP/s, MFU %.0f%% of CPU-time GEMM peak%n",
        bestCpu,
        cores,
        tokens / (bestCpu / cores),
        flops / (bestCpu / cores) / 1e9,
        100 * flops / (bestCpu / cores) / 1e9 / cpuPeak);
    if (Profiler.ENABLED) {
      Map<String, Double> sections = Profiler.seconds();
      double accounted = 0;
      for (Map.Entry<String, Double> e : sections.entrySet()) {
        accounted += e.getValue();
      }
      double sum = accounted;
      double stepsTotal = total;
      System.out.printf(
          "  profile over %d steps (%.3f s total, %.3f s in sections; GEMM %.1f GFLOP/s while in GEMM):%n",
          steps, total, accounted, Profiler.gemmFlops() / sections.getOrDefault("gemm", 1.0) / 1e9);
      sections.entrySet().stream()
          .sorted((x, y) -> Double.compare(y.getValue(), x.getValue()))
          .forEach(
              e ->
                  System.out.printf(
                      "    %-22s %7.1f ms/step %5.1f%%  (%d calls)%n",
                      e.getKey(),
                      1e3 * e.getValue() / steps,
                      100 * e.getValue() / stepsTotal,
                      Profiler.calls(e.getKey())));
      System.out.printf(
          "    %-22s %7.1f ms/step %5.1f%%%n",
          "(outside sections)",
          1e3 * (stepsTotal - sum) / steps,
          100 * (stepsTotal - sum) / stepsTotal);
    }
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static double peakRssGb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0;
      }
    }
    return Double.NaN;
  }
}
