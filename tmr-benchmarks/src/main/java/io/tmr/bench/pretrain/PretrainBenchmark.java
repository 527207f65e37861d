package io.tmr.bench.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tmr.core.env.BlasKernels;
import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.Parallel;
import io.tmr.models.data.MaskingConfig;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.models.pretrain.TrainStep;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code tmr bench pretrain}: tokens/s of the full ELECTRA step (median of measured steps after
 * warm-up), model FLOPs per step and utilisation against the GEMM peak measured in the same
 * process, peak RSS, the OpenBLAS kernel set and threads; given the PyTorch peer's output from the
 * same machine, the ratios to it (no peer figure is compiled in). Ends with one {@code RESULT
 * {json}} line, as the peer does.
 */
public final class PretrainBenchmark {
  private PretrainBenchmark() {}

  public record Result(
      String shape,
      long parameters,
      double tokensPerSecond,
      double stepMs,
      double generatorMs,
      double discriminatorMs,
      double optimizerMs,
      double flopsPerStep,
      double achievedGflops,
      double gemmPeakGflops,
      double mfu,
      double peakRssGb,
      int batch,
      int seq,
      int blasThreads,
      int javaThreads,
      String kernelSet) {}

  /**
   * The OpenBLAS kernel set of this process (read from OpenBLAS) and the threads: what a peer
   * result must match.
   */
  public static String kernelSet() {
    return BlasKernels.coreInUse();
  }

  /**
   * Reasons why {@code peer} is not a like-for-like comparison with a run of {@code shape} here
   * (empty when it is); checked before the run so that a mismatch costs nothing.
   */
  public static List<String> mismatches(PeerResult peer, String shape, int batch, int seq) {
    return peer.mismatches(
        Shapes.of(shape), batch, seq, Blas.threads(), Parallel.threads(), kernelSet());
  }

  public static Result run(String shape, int batch, int seq, int warmup, int steps) {
    ElectraConfig c = Shapes.of(shape);
    double peak = StepHarness.gemmPeakGflops();
    StepHarness h = new StepHarness(c, batch, seq);
    double[] total = new double[steps];
    double[] gen = new double[steps];
    double[] disc = new double[steps];
    double[] opt = new double[steps];
    try (TrainStep step = h.trainStep(DiscriminatorFeed.electra(), warmup + steps)) {
      for (int i = 0; i < warmup + steps; i++) {
        TrainStep.Times t = step.run(i + 1, false).times();
        if (i >= warmup) {
          total[i - warmup] = t.total();
          gen[i - warmup] = t.generator();
          disc[i - warmup] = t.discriminator();
          opt[i - warmup] = t.optimizer();
        }
      }
    }
    double stepMs = StepHarness.median(total);
    double flops = c.flopsPerStep(batch, seq, MaskingConfig.electra(seq).maxPredictions());
    double achieved = flops / (stepMs * 1e6);
    double peak2 = StepHarness.gemmPeakGflops();
    double gemmPeak = Math.max(peak, peak2);
    return new Result(
        shape,
        h.parameterCount(),
        batch * seq / (stepMs / 1e3),
        stepMs,
        StepHarness.median(gen),
        StepHarness.median(disc),
        StepHarness.median(opt),
        flops,
        achieved,
        gemmPeak,
        achieved / gemmPeak,
        StepHarness.peakRssBytes() / 1e9,
        batch,
        seq,
        Blas.threads(),
        Parallel.threads(),
        kernelSet());
  }

  /**
   * The report; {@code peer} (may be null) adds the ratios to the peer's figures from the same
   * machine.
   */
  public static void print(Result r, PeerResult peer, PrintStream out) {
    BlasKernels.Choice setting = BlasKernels.inEffect(System.getenv());
    out.printf(
        "shape %s: %,d parameters, batch %d x seq %d; threads: OpenBLAS %d, Java loops %d%n",
        r.shape(), r.parameters(), r.batch(), r.seq(), r.blasThreads(), r.javaThreads());
    out.printf(
        "  OpenBLAS kernel set %s (OPENBLAS_CORETYPE%s)%n",
        r.kernelSet(),
        setting.coreType() == null
            ? " unset: OpenBLAS detects the CPU"
            : "=" + setting.coreType() + ", " + setting.source().meaning);
    out.printf(
        "  step %.1f ms (generator %.1f, discriminator %.1f, clip+AdamW %.1f), median of measured steps%n",
        r.stepMs(), r.generatorMs(), r.discriminatorMs(), r.optimizerMs());
    out.printf("  tokens/s %.0f%n", r.tokensPerSecond());
    out.printf(
        "  model FLOPs/step %.1f G, achieved %.1f GFLOP/s, GEMM peak measured in this process %.1f GFLOP/s, utilisation %.1f %%%n",
        r.flopsPerStep() / 1e9, r.achievedGflops(), r.gemmPeakGflops(), 100 * r.mfu());
    out.printf("  peak RSS %.2f GB%n", r.peakRssGb());
    ObjectNode j = json(r);
    if (peer == null) {
      out.println(
          "  no ratio to the PyTorch peer: give --peer FILE, the peer's output on this machine (bench/side-by-side.sh runs both)");
    } else {
      double tokens = r.tokensPerSecond() / peer.tokensPerSecond();
      double rss = r.peakRssGb() * 1e9 / peer.peakRssBytes();
      out.printf(
          "peer %s: tokens/s %.0f, peak RSS %.2f GB, OpenBLAS kernel set %s, utilisation of its in-process GEMM peak %s%n",
          peer.file(),
          peer.tokensPerSecond(),
          peer.peakRssBytes() / 1e9,
          peer.kernelSet() == null ? "unknown" : peer.kernelSet(),
          Double.isNaN(peer.utilisation())
              ? "-"
              : String.format(Locale.ROOT, "%.1f %%", 100 * peer.utilisation()));
      out.printf("  ratio TMR / peer: tokens/s %.2fx, peak RSS %.2fx%n", tokens, rss);
      if (peer.othersCores() > 0.3) {
        out.printf(
            "  warning: other processes used %.1f cores while the peer measured; the ratio is not from an idle machine%n",
            peer.othersCores());
      }
      ObjectNode p = j.putObject("peer");
      p.put("file", peer.file().toString());
      p.put("tokens_per_s", peer.tokensPerSecond());
      p.put("peak_rss_mib", peer.peakRssBytes() / (1 << 20));
      p.put("kernel_set", peer.kernelSet());
      p.put("utilisation", peer.utilisation());
      p.put("others_cores", peer.othersCores());
      j.put("ratio_tokens_per_s", tokens);
      j.put("ratio_peak_rss", rss);
    }
    out.println("RESULT " + j);
  }

  /**
   * The result as the JSON object of the RESULT line (the peer's field names where they mean the
   * same).
   */
  static ObjectNode json(Result r) {
    ElectraConfig c = Shapes.of(r.shape());
    ObjectNode j = new ObjectMapper().createObjectNode();
    j.put("mode", "train");
    j.put("name", r.shape());
    ObjectNode cfg = j.putObject("config");
    cfg.put("hidden", c.hidden());
    cfg.put("layers", c.layers());
    cfg.put("heads", c.heads());
    cfg.put("seq", r.seq());
    cfg.put("batch", r.batch());
    cfg.put("vocab", c.vocabSize());
    cfg.put("threads", r.blasThreads());
    cfg.put("java_threads", r.javaThreads());
    cfg.put("embedding", c.embeddingSize());
    cfg.put("gen_hidden", c.generatorHidden());
    cfg.put("gen_heads", c.generatorHeads());
    j.put("parameters", r.parameters());
    j.put("step_ms", r.stepMs());
    j.put("tokens_per_s", r.tokensPerSecond());
    j.put("peak_rss_mib", r.peakRssGb() * 1e9 / (1 << 20));
    j.put("flops_per_step", r.flopsPerStep());
    j.put("achieved_gflops", r.achievedGflops());
    j.put("gemm_peak_gflops", r.gemmPeakGflops());
    j.put("utilisation", r.mfu());
    j.put("kernel_set", r.kernelSet());
    String set = System.getenv(BlasKernels.VARIABLE);
    j.put("OPENBLAS_CORETYPE", set == null ? "" : set);
    return j;
  }
}
