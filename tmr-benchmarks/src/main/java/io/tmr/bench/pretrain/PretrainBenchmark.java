package io.tmr.bench.pretrain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tmr.core.env.BlasKernels;
import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.Parallel;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.Simd;
import io.tmr.models.data.MaskingConfig;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.models.pretrain.TrainStep;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
      double processCpuMs,
      double flopsPerStep,
      double achievedGflops,
      double gemmPeakGflops,
      double mfu,
      double peakRssGb,
      int batch,
      int seq,
      int blasThreads,
      int javaThreads,
      String kernelSet,
      List<Section> profile) {}

  /**
   * One line of the profile ({@code -Dtmr.profile=true}): a section's milliseconds per measured
   * step, and for GEMM sections their FLOPs per step (0 otherwise).
   */
  public record Section(String name, double msPerStep, double flopsPerStep, long callsPerStep) {
    /** GFLOP/s of a GEMM section, NaN for others. */
    public double gflops() {
      return flopsPerStep > 0 ? flopsPerStep / (msPerStep * 1e6) : Double.NaN;
    }
  }

  /** Name of the profile line that holds the step time outside every named section. */
  public static final String UNACCOUNTED = "(outside the named sections)";

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
        Shapes.of(shape), batch, seq, Blas.gemmThreads(), Parallel.threads(), kernelSet());
  }

  public static Result run(String shape, int batch, int seq, int warmup, int steps) {
    ElectraConfig c = Shapes.of(shape);
    double peak = StepHarness.gemmPeakGflops();
    StepHarness h = new StepHarness(c, batch, seq);
    double[] total = new double[steps];
    double[] gen = new double[steps];
    double[] disc = new double[steps];
    double[] opt = new double[steps];
    double[] cpu = new double[steps];
    double[] profiled = new double[steps];
    try (TrainStep step = h.trainStep(DiscriminatorFeed.electra(), warmup + steps)) {
      for (int i = 0; i < warmup + steps; i++) {
        if (i == warmup) {
          Profiler.reset();
        }
        long c0 = processCpuNanos();
        long p0 = Profiler.now();
        TrainStep.Times t = step.run(i + 1, false).times();
        if (i >= warmup) {
          profiled[i - warmup] = (Profiler.now() - p0) / 1e6;
          cpu[i - warmup] = (processCpuNanos() - c0) / 1e6;
          total[i - warmup] = t.total();
          gen[i - warmup] = t.generator();
          disc[i - warmup] = t.discriminator();
          opt[i - warmup] = t.optimizer();
        }
      }
    }
    List<Section> profile = Profiler.ENABLED ? profile(profiled) : List.of();
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
        StepHarness.median(cpu),
        flops,
        achieved,
        gemmPeak,
        achieved / gemmPeak,
        StepHarness.peakRssBytes() / 1e9,
        batch,
        seq,
        Blas.gemmThreads(),
        Parallel.threads(),
        kernelSet(),
        profile);
  }

  /** CPU time of the whole process (all its threads) in nanoseconds, or 0 where unknown. */
  static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
  }

  /** The profiler's sections per measured step, largest first, and the time outside them. */
  static List<Section> profile(double[] stepMs) {
    int n = stepMs.length;
    double measured = 0;
    for (double v : stepMs) {
      measured += v;
    }
    List<Section> out = new ArrayList<>();
    double named = 0;
    for (Map.Entry<String, Double> e : Profiler.seconds().entrySet()) {
      double ms = 1e3 * e.getValue() / n;
      named += ms;
      out.add(
          new Section(
              e.getKey(),
              ms,
              (double) Profiler.flops(e.getKey()) / n,
              Profiler.calls(e.getKey()) / n));
    }
    out.add(new Section(UNACCOUNTED, measured / n - named, 0, 0));
    out.sort(Comparator.comparingDouble(Section::msPerStep).reversed());
    return out;
  }

  /**
   * The report; {@code peer} (may be null) adds the ratios to the peer's figures from the same
   * machine.
   */
  public static void print(Result r, PeerResult peer, PrintStream out) {
    BlasKernels.Choice setting = BlasKernels.inEffect(System.getenv());
    out.printf(
        "shape %s: %,d parameters, batch %d x seq %d; threads: matrix products %d (%s), Java loops %d%n",
        r.shape(),
        r.parameters(),
        r.batch(),
        r.seq(),
        r.blasThreads(),
        Blas.threading() == Blas.Threading.TMR
            ? "OpenBLAS single-threaded, split over TMR's threads"
            : "OpenBLAS's own threads, -Dtmr.blasThreading=openblas",
        r.javaThreads());
    out.printf(
        "  OpenBLAS kernel set %s (OPENBLAS_CORETYPE%s)%n",
        r.kernelSet(),
        setting.coreType() == null
            ? " unset: OpenBLAS detects the CPU"
            : "=" + setting.coreType() + ", " + setting.source().meaning);
    Simd.Status simd = Simd.status();
    out.printf(
        "  Vector API kernels (exponential, row maximum, sums, GELU, mask bits, per-head products) %s"
            + " (%s)%n",
        simd.enabled() ? "on" : "off", simd.why());
    out.printf(
        "  step %.1f ms (generator %.1f, discriminator %.1f, clip+AdamW %.1f), median of measured steps%n",
        r.stepMs(), r.generatorMs(), r.discriminatorMs(), r.optimizerMs());
    out.printf(
        "  CPU time of the process %.1f ms per step (all threads; median)%n", r.processCpuMs());
    out.printf("  tokens/s %.0f%n", r.tokensPerSecond());
    out.printf(
        "  model FLOPs/step %.1f G, achieved %.1f GFLOP/s, GEMM peak measured in this process %.1f GFLOP/s, utilisation %.1f %%%n",
        r.flopsPerStep() / 1e9, r.achievedGflops(), r.gemmPeakGflops(), 100 * r.mfu());
    out.printf("  peak RSS %.2f GB%n", r.peakRssGb());
    if (!r.profile().isEmpty()) {
      double mean = r.profile().stream().mapToDouble(Section::msPerStep).sum();
      out.printf(
          "  profile (mean of measured steps %.1f ms; %s per section):%n",
          mean,
          Profiler.CPU_CLOCK
              ? "CPU time of the training thread (-Dtmr.profile=cpu)"
              : "wall clock (-Dtmr.profile=true)");
      for (Section sec : r.profile()) {
        out.printf(
            "    %-46s %8.2f ms/step %5.1f %%%s%n",
            sec.name(),
            sec.msPerStep(),
            100 * sec.msPerStep() / mean,
            sec.flopsPerStep() > 0
                ? String.format(
                    Locale.ROOT,
                    "  %6.2f GFLOP/step at %6.1f GFLOP/s, %d calls",
                    sec.flopsPerStep() / 1e9,
                    sec.gflops(),
                    sec.callsPerStep())
                : "");
      }
    }
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
    cfg.put("blas_threading", Blas.threading().value());
    cfg.put("embedding", c.embeddingSize());
    cfg.put("gen_hidden", c.generatorHidden());
    cfg.put("gen_heads", c.generatorHeads());
    j.put("parameters", r.parameters());
    j.put("step_ms", r.stepMs());
    j.put("process_cpu_ms_per_step", r.processCpuMs());
    j.put("tokens_per_s", r.tokensPerSecond());
    j.put("peak_rss_mib", r.peakRssGb() * 1e9 / (1 << 20));
    j.put("flops_per_step", r.flopsPerStep());
    j.put("achieved_gflops", r.achievedGflops());
    j.put("gemm_peak_gflops", r.gemmPeakGflops());
    j.put("utilisation", r.mfu());
    j.put("kernel_set", r.kernelSet());
    j.put("vector_api", Simd.status().enabled());
    if (!r.profile().isEmpty()) {
      ObjectNode prof = j.putObject("profile_ms_per_step");
      for (Section sec : r.profile()) {
        prof.put(sec.name(), sec.msPerStep());
      }
    }
    String set = System.getenv(BlasKernels.VARIABLE);
    j.put("OPENBLAS_CORETYPE", set == null ? "" : set);
    return j;
  }
}
