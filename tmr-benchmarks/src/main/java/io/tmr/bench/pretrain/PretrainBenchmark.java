package io.tmr.bench.pretrain;

import io.tmr.models.data.MaskingConfig;
import io.tmr.models.electra.ElectraConfig;
import java.io.PrintStream;

/**
 * {@code tmr bench pretrain}: tokens/s of the full ELECTRA step (median of measured steps after
 * warm-up), model FLOPs per step and utilisation against the GEMM peak measured in the same process,
 * peak RSS, and the ratio to the PyTorch peer's figure for the shape.
 */
public final class PretrainBenchmark {
  private PretrainBenchmark() {}

  public record Result(String shape, long parameters, double tokensPerSecond, double stepMs, double generatorMs, double discriminatorMs,
      double optimizerMs, double flopsPerStep, double achievedGflops, double gemmPeakGflops, double mfu, double peakRssGb,
      double peerTokensPerSecond, double peerRssGb) {}

  public static Result run(String shape, int batch, int seq, int warmup, int steps) {
    ElectraConfig c = Shapes.of(shape);
    double peak = StepHarness.gemmPeakGflops();
    StepHarness h = new StepHarness(c, batch, seq);
    for (int i = 0; i < warmup; i++) {
      h.step();
    }
    double[] total = new double[steps];
    double[] gen = new double[steps];
    double[] disc = new double[steps];
    double[] opt = new double[steps];
    for (int i = 0; i < steps; i++) {
      long[] t = h.step();
      total[i] = t[0] / 1e6;
      gen[i] = t[1] / 1e6;
      disc[i] = t[2] / 1e6;
      opt[i] = t[3] / 1e6;
    }
    double stepMs = StepHarness.median(total);
    double flops = c.flopsPerStep(batch, seq, MaskingConfig.electra(seq).maxPredictions());
    double achieved = flops / (stepMs * 1e6);
    double peak2 = StepHarness.gemmPeakGflops();
    double gemmPeak = Math.max(peak, peak2);
    return new Result(shape, h.parameterCount(), batch * seq / (stepMs / 1e3), stepMs, StepHarness.median(gen), StepHarness.median(disc),
        StepHarness.median(opt), flops, achieved, gemmPeak, achieved / gemmPeak, StepHarness.peakRssBytes() / 1e9,
        Shapes.peerTokensPerSecond(shape), Shapes.peerRssGb(shape));
  }

  public static void print(Result r, PrintStream out) {
    out.printf("shape %s: %,d parameters, batch x seq as configured%n", r.shape(), r.parameters());
    out.printf("  step %.1f ms (generator %.1f, discriminator %.1f, clip+AdamW %.1f), median of measured steps%n",
        r.stepMs(), r.generatorMs(), r.discriminatorMs(), r.optimizerMs());
    out.printf("  tokens/s %.0f   peer %s   ratio %s%n", r.tokensPerSecond(), fmt(r.peerTokensPerSecond()),
        Double.isNaN(r.peerTokensPerSecond()) ? "-" : String.format("%.2fx", r.tokensPerSecond() / r.peerTokensPerSecond()));
    out.printf("  model FLOPs/step %.1f G, achieved %.1f GFLOP/s, GEMM peak %.1f GFLOP/s, utilisation %.1f %%%n",
        r.flopsPerStep() / 1e9, r.achievedGflops(), r.gemmPeakGflops(), 100 * r.mfu());
    out.printf("  peak RSS %.2f GB   peer %s GB%n", r.peakRssGb(), fmt(r.peerRssGb()));
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format("%,.1f", v);
  }
}
