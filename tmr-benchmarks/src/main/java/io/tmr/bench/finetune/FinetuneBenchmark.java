package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tmr.bench.pretrain.PretrainBenchmark;
import io.tmr.bench.pretrain.StepHarness;
import io.tmr.bench.task.TextTask;
import io.tmr.core.env.BlasKernels;
import io.tmr.core.env.EnvironmentReport;
import io.tmr.core.tensor.Blas;
import io.tmr.core.tensor.Parallel;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.text.Vocabulary;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code tmr bench finetune}: the cost of GLUE fine-tuning updates for a preset's shape, randomly
 * initialised (the speed does not depend on the weights), one seed, each task trained on the first
 * examples of its training file for a few updates: sequences and tokens per second, seconds per
 * update, the optimizer's share, matrix-product FLOPs per update, their utilisation of the GEMM
 * peak measured in the same process (the same calibration as {@code tmr bench pretrain}), and the
 * time to predict the whole dev set. Prints the table of docs/performance.md and one {@code RESULT
 * {json}} line per task.
 */
public final class FinetuneBenchmark {
  /** Training examples per task in the untimed warm-up pass (at most the measured pass's). */
  public static final int WARMUP_EXAMPLES = 320;

  private FinetuneBenchmark() {}

  /**
   * One task's figures.
   *
   * @param flopsPerUpdate matrix-product FLOPs per update, batches padded to their longest sequence
   * @param utilisation achieved matrix-product FLOP rate of the training loop over the GEMM peak
   * @param profileSeconds the training loop's profiler sections ({@code -Dtmr.profile}), or empty
   */
  public record Row(
      String task,
      long parameters,
      long updates,
      double sequencesPerSecond,
      double tokensPerSecond,
      double secondsPerUpdate,
      double optimizerShare,
      double flopsPerUpdate,
      double achievedGflops,
      double utilisation,
      int devExamples,
      double devSeconds,
      Map<String, Double> profileSeconds) {}

  /** The rows of one process, with what they were measured against. */
  public record Report(
      String preset,
      String vocabulary,
      double gemmPeakGflops,
      int gemmThreads,
      int javaThreads,
      String kernelSet,
      String loadBefore,
      String loadAfter,
      List<Row> rows) {}

  /**
   * Runs the tasks in order in this process. With {@code warmup}, the whole task list is first run
   * once for one epoch on at most {@link #WARMUP_EXAMPLES} examples each, untimed and discarded, so
   * that the JIT's compilations do not land on the measured tasks.
   */
  public static Report run(
      String preset,
      Vocabulary vocabulary,
      String vocabularyName,
      List<TextTask> tasks,
      Path glueRoot,
      int maxTrainExamples,
      int epochs,
      long seed,
      boolean warmup,
      Path outDir)
      throws IOException {
    checkArgument(!tasks.isEmpty(), "no tasks");
    String loadBefore = loadAverage();
    EncoderSource source = EncoderSource.randomInit(preset, vocabulary, DataType.FLOAT);
    Files.createDirectories(outDir);
    if (warmup) {
      // The whole list once, untimed and discarded: after a few updates of one task the JIT was
      // still compiling (2026-12-02, tiny: RTE 49 % of the GEMM peak in a first pass, 58 % in a
      // second; MRPC 43 % and 56 %).
      for (TextTask task : tasks) {
        trainOnce(
            task,
            glueRoot,
            source,
            Math.min(WARMUP_EXAMPLES, maxTrainExamples),
            1,
            seed,
            outDir.resolve("warmup"));
      }
    }
    double peakBefore = StepHarness.gemmPeakGflops();
    List<TrainingStats> stats = new ArrayList<>();
    List<Integer> devExamples = new ArrayList<>();
    for (TextTask task : tasks) {
      FinetuneJob.Result r =
          trainOnce(task, glueRoot, source, maxTrainExamples, epochs, seed, outDir);
      stats.add(r.seeds().get(0).stats());
      devExamples.add(r.evalExamples());
    }
    double peak = Math.max(peakBefore, StepHarness.gemmPeakGflops());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      TrainingStats s = stats.get(i);
      double achieved = s.trainGflopsPerSecond();
      rows.add(
          new Row(
              tasks.get(i).name(),
              s.parameters(),
              s.steps(),
              s.trainSequencesPerSecond(),
              s.trainTokensPerSecond(),
              s.steps() > 0 ? s.trainSeconds() / s.steps() : Double.NaN,
              s.trainSeconds() > 0 ? s.optimizerSeconds() / s.trainSeconds() : Double.NaN,
              s.flopsPerUpdate(),
              achieved,
              achieved / peak,
              devExamples.get(i),
              s.evalSeconds(),
              s.profileSeconds()));
    }
    return new Report(
        preset,
        vocabularyName,
        peak,
        Blas.gemmThreads(),
        Parallel.threads(),
        BlasKernels.coreInUse(),
        loadBefore,
        loadAverage(),
        rows);
  }

  /** One seed of the task with the benchmark's recipe, its outputs under {@code dir/<task>}. */
  private static FinetuneJob.Result trainOnce(
      TextTask task,
      Path glueRoot,
      EncoderSource source,
      int maxTrainExamples,
      int epochs,
      long seed,
      Path dir)
      throws IOException {
    return FinetuneJob.glue(
        task,
        glueRoot,
        source,
        recipe(task, maxTrainExamples, epochs),
        List.of(seed),
        dir.resolve(task.name()));
  }

  /** ELECTRA's recipe for the task, trained on its first {@code maxTrainExamples} examples. */
  static FinetuneRecipe recipe(TextTask task, int maxTrainExamples, int epochs) {
    return FinetuneRecipe.electra(task.name())
        .withMaxTrainExamples(maxTrainExamples)
        .withEpochs(epochs);
  }

  /** The header, the Markdown table and one RESULT line per task. */
  public static void print(Report r, PrintStream out) {
    out.printf(
        "Fine-tuning cost, one process: %s, commit %s; %s; OpenBLAS kernel set %s; threads: matrix products %d (%s), Java loops %d;%n",
        Instant.now().truncatedTo(ChronoUnit.MINUTES),
        EnvironmentReport.gitCommit(),
        cpuName(),
        r.kernelSet(),
        r.gemmThreads(),
        Blas.threading().value(),
        r.javaThreads());
    out.printf(
        "preset %s (randomly initialised, vocabulary %s), one seed; GEMM peak measured in this process %.1f GFLOP/s; load average %s before, %s after.%n%n",
        r.preset(), r.vocabulary(), r.gemmPeakGflops(), r.loadBefore(), r.loadAfter());
    out.println(
        "| preset (parameters) | task | updates | train seq/s | train tokens/s | s / update | optimizer share "
            + "| GFLOP / update | utilisation of in-process GEMM peak | dev examples | dev evaluation (s) |");
    out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Row row : r.rows()) {
      out.printf(
          Locale.ROOT,
          "| %s (%.2f M) | %s | %d | %.1f | %.0f | %.2f | %.0f %% | %.2f | %.1f %% | %d | %.1f |%n",
          r.preset(),
          row.parameters() / 1e6,
          row.task(),
          row.updates(),
          row.sequencesPerSecond(),
          row.tokensPerSecond(),
          row.secondsPerUpdate(),
          100 * row.optimizerShare(),
          row.flopsPerUpdate() / 1e9,
          100 * row.utilisation(),
          row.devExamples(),
          row.devSeconds());
    }
    out.println();
    out.println(
        "Utilisation: matrix-product FLOPs of the training loop (batches padded to their longest sequence) per second of it, "
            + "over the GEMM peak; compare with tmr bench pretrain --shape "
            + r.preset()
            + " (the same model shape, full-length sequences).");
    for (Row row : r.rows()) {
      printProfile(row, out);
    }
    ObjectMapper mapper = new ObjectMapper();
    for (Row row : r.rows()) {
      ObjectNode j = mapper.createObjectNode();
      j.put("mode", "finetune");
      j.put("preset", r.preset());
      j.put("task", row.task());
      j.put("parameters", row.parameters());
      j.put("updates", row.updates());
      j.put("train_sequences_per_s", row.sequencesPerSecond());
      j.put("train_tokens_per_s", row.tokensPerSecond());
      j.put("seconds_per_update", row.secondsPerUpdate());
      j.put("optimizer_share", row.optimizerShare());
      j.put("flops_per_update", row.flopsPerUpdate());
      j.put("achieved_gflops", row.achievedGflops());
      j.put("gemm_peak_gflops", r.gemmPeakGflops());
      j.put("utilisation", row.utilisation());
      j.put("dev_examples", row.devExamples());
      j.put("dev_seconds", row.devSeconds());
      j.put("threads", r.gemmThreads());
      j.put("java_threads", r.javaThreads());
      j.put("blas_threading", Blas.threading().value());
      j.put("kernel_set", r.kernelSet());
      out.println("RESULT " + j);
    }
  }

  /**
   * With {@code -Dtmr.profile}: the task's training-loop sections in ms per update, largest first,
   * with their share of the loop and the time outside them.
   */
  static void printProfile(Row row, PrintStream out) {
    if (row.profileSeconds().isEmpty() || row.updates() == 0) {
      return;
    }
    double loopMs = 1e3 * row.secondsPerUpdate();
    List<Map.Entry<String, Double>> sections = new ArrayList<>(row.profileSeconds().entrySet());
    sections.sort(Map.Entry.<String, Double>comparingByValue().reversed());
    out.printf(
        Locale.ROOT,
        "%nprofile of %s (%s; ms per update, share of the training loop's %.1f ms wall clock):%n",
        row.task(),
        Profiler.CPU_CLOCK
            ? "CPU time of the training thread, -Dtmr.profile=cpu"
            : "wall clock, -Dtmr.profile=true",
        loopMs);
    double named = 0;
    for (Map.Entry<String, Double> e : sections) {
      double ms = 1e3 * e.getValue() / row.updates();
      named += ms;
      out.printf(Locale.ROOT, "  %-46s %8.2f ms %5.1f %%%n", e.getKey(), ms, 100 * ms / loopMs);
    }
    out.printf(
        Locale.ROOT,
        "  %-46s %8.2f ms %5.1f %%%n",
        PretrainBenchmark.UNACCOUNTED,
        loopMs - named,
        100 * (loopMs - named) / loopMs);
  }

  private static String loadAverage() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
  }

  private static String cpuName() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }
}
