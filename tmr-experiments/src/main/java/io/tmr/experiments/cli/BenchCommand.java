package io.tmr.experiments.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tmr bench ...}: benchmarks that print figures (never timed unit tests). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run benchmarks and print their figures.",
    subcommands = {
      BenchCommand.Jmh.class,
      BenchCommand.Pretrain.class,
      BenchCommand.Finetune.class,
      BenchCommand.Tmr.class
    })
final class BenchCommand implements Runnable {
  /** Model shape and step counts shared by the step benchmarks. */
  static final class StepShape {
    @picocli.CommandLine.Option(
        names = "--shape",
        description = "A, B, C (docs/performance.md), tiny or small. Default: ${DEFAULT-VALUE}.")
    String shape;

    @picocli.CommandLine.Option(
        names = "--batch",
        description = "Sequences per step. Default: ${DEFAULT-VALUE}.")
    int batch = 32;

    @picocli.CommandLine.Option(
        names = "--seq",
        description = "Sequence length. Default: ${DEFAULT-VALUE}.")
    int seq = 128;

    @picocli.CommandLine.Option(
        names = "--warmup",
        description = "Warm-up steps (per variant). Default: ${DEFAULT-VALUE}.")
    int warmup;

    @picocli.CommandLine.Option(
        names = "--steps",
        description = "Measured steps (per variant). Default: ${DEFAULT-VALUE}.")
    int steps;

    StepShape() {}

    StepShape(String shape, int warmup, int steps) {
      this.shape = shape;
      this.warmup = warmup;
      this.steps = steps;
    }
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "pretrain",
      mixinStandardHelpOptions = true,
      description = {
        "Time the full ELECTRA step (generator + discriminator + clipping + AdamW) on synthetic ids:",
        "tokens/s (median after warm-up), model FLOPs and utilisation of a GEMM peak measured in the same run, peak RSS,",
        "the OpenBLAS kernel set and threads; ends with a 'RESULT {json}' line. Shapes: A, B, C (docs/performance.md; the",
        "PyTorch peer ../shared/peers/torch_electra.py builds the same), tiny, small. Run one shape per process so that peak",
        "RSS belongs to that shape. With --peer, the ratios to the peer's figures measured on this machine",
        "(bench/side-by-side.sh runs both, one after the other)."
      })
  static final class Pretrain implements Callable<Integer> {
    @picocli.CommandLine.Mixin StepShape shape = new StepShape("A", 15, 10);

    @picocli.CommandLine.Option(
        names = "--peer",
        paramLabel = "FILE",
        description = {
          "The PyTorch peer's output on this machine (its log with a 'RESULT {json}' line, or that JSON):",
          "prints tokens/s and peak RSS as ratios to it. Refused unless the peer ran the same shape, batch, sequence length,",
          "threads and (where it reports one) OpenBLAS kernel set."
        })
    java.nio.file.Path peer;

    @Override
    public Integer call() throws Exception {
      io.tmr.bench.pretrain.PeerResult p = null;
      if (peer != null) {
        p = io.tmr.bench.pretrain.PeerResult.read(peer);
        List<String> differ =
            io.tmr.bench.pretrain.PretrainBenchmark.mismatches(
                p, shape.shape, shape.batch, shape.seq);
        if (!differ.isEmpty()) {
          throw new IllegalArgumentException(
              peer
                  + ": the peer's run does not match this one, no ratio would be like for like: "
                  + String.join("; ", differ));
        }
      }
      io.tmr.bench.pretrain.PretrainBenchmark.print(
          io.tmr.bench.pretrain.PretrainBenchmark.run(
              shape.shape, shape.batch, shape.seq, shape.warmup, shape.steps),
          p,
          System.out);
      return 0;
    }
  }

  @Command(
      name = "finetune",
      mixinStandardHelpOptions = true,
      description = {
        "The cost of GLUE fine-tuning updates for a preset's shape (randomly initialised, one seed, the first",
        "--max-train-examples examples of each task for --epochs): sequences and tokens/s, s/update, optimizer share,",
        "matrix-product GFLOP/update and their utilisation of a GEMM peak measured in the same run, dev-set evaluation",
        "time; the table of docs/performance.md and one 'RESULT {json}' line per task. One process per preset."
      })
  static final class Finetune implements Callable<Integer> {
    @picocli.CommandLine.Option(
        names = "--preset",
        defaultValue = "tiny",
        paramLabel = "tiny|small",
        description = "The model shape. Default: ${DEFAULT-VALUE}.")
    String preset;

    @picocli.CommandLine.Option(
        names = "--vocab",
        paramLabel = "SPEC",
        description = "Vocabulary. Default: npm-8000 for tiny, bert-base-uncased for small.")
    String vocab;

    @picocli.CommandLine.Option(
        names = "--tasks",
        defaultValue = "rte,mrpc,stsb,sst2",
        split = ",",
        paramLabel = "T1,T2",
        description = "GLUE tasks, in this order. Default: ${DEFAULT-VALUE}.")
    List<String> tasks;

    @picocli.CommandLine.Option(
        names = "--max-train-examples",
        defaultValue = "1280",
        description =
            "Train on the first N examples of each training file (before MRPC/STS-B pairs are doubled). Default: ${DEFAULT-VALUE}"
                + " (with 320, 10-20 updates per task, one task's utilisation moved by up to 17 points between runs).")
    int maxTrainExamples;

    @picocli.CommandLine.Option(
        names = "--epochs",
        defaultValue = "1",
        description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @picocli.CommandLine.Option(
        names = "--seed",
        defaultValue = "1",
        description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @picocli.CommandLine.Option(
        names = "--no-warmup",
        description =
            "Do not run the task list once untimed first (on at most "
                + io.tmr.bench.finetune.FinetuneBenchmark.WARMUP_EXAMPLES
                + " examples each; without it the measured tasks carry the JIT's warm-up).")
    boolean noWarmup;

    @picocli.CommandLine.Option(
        names = "--data",
        defaultValue = "../shared/data",
        paramLabel = "DIR",
        description = "Data root: DIR/glue/<TASK>/. Default: ${DEFAULT-VALUE}.")
    java.nio.file.Path data;

    @picocli.CommandLine.Option(
        names = "--out",
        paramLabel = "DIR",
        description =
            "Folder for the fine-tuning outputs. Default: runs/bench-finetune/<preset>-<UTC time>.")
    java.nio.file.Path out;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      String name = preset.toLowerCase(java.util.Locale.ROOT);
      String defaultVocab =
          switch (name) {
            case "tiny" -> "npm-8000";
            case "small" -> io.tmr.core.text.Vocabularies.BERT_BASE_UNCASED;
            default ->
                throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--preset must be tiny or small");
          };
      if (maxTrainExamples <= 0 || epochs <= 0) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--max-train-examples and --epochs must be positive");
      }
      io.tmr.bench.task.TaskRegistry registry = io.tmr.bench.task.TaskRegistry.load();
      List<io.tmr.bench.task.TextTask> selected = new java.util.ArrayList<>();
      for (String t : tasks) {
        io.tmr.bench.task.Task task;
        try {
          task = registry.get(FinetuneCommand.alias(t));
        } catch (IllegalArgumentException e) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!(task instanceof io.tmr.bench.task.TextTask text)) {
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), t + ": only GLUE-style text tasks are benchmarked here");
        }
        selected.add(text);
      }
      String vocabName = vocab != null ? vocab : defaultVocab;
      java.nio.file.Path dir =
          out != null
              ? out
              : java.nio.file.Path.of(
                  "runs",
                  "bench-finetune",
                  name
                      + "-"
                      + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                          .withZone(java.time.ZoneOffset.UTC)
                          .format(java.time.Instant.now()));
      io.tmr.bench.finetune.FinetuneBenchmark.print(
          io.tmr.bench.finetune.FinetuneBenchmark.run(
              name,
              io.tmr.core.text.Vocabularies.resolve(vocabName),
              vocabName,
              selected,
              data.resolve("glue"),
              maxTrainExamples,
              epochs,
              seed,
              !noWarmup,
              dir),
          System.out);
      System.out.println("fine-tuning outputs in " + dir);
      return 0;
    }
  }

  @Command(
      name = "tmr",
      mixinStandardHelpOptions = true,
      description = {
        "ELECTRA against TMR variants (uniform; prioritized x loss-difference; gradient-norm bound and exact;",
        "generator interval k = 2, 4) on one shape and seed in one process: time split per step and ratios to ELECTRA."
      })
  static final class Tmr implements Callable<Integer> {
    @picocli.CommandLine.Mixin StepShape shape = new StepShape("tiny", 4, 12);

    @Override
    public Integer call() {
      io.tmr.bench.pretrain.TmrOverheadBenchmark.print(
          io.tmr.bench.pretrain.TmrOverheadBenchmark.run(
              shape.shape, shape.batch, shape.seq, shape.warmup, shape.steps),
          System.out);
      return 0;
    }
  }

  @Command(
      name = "jmh",
      mixinStandardHelpOptions = true,
      description = {
        "Run the JMH benchmarks of tmr-benchmarks matching a regular expression, e.g.",
        "  tmr bench jmh TokenizerBenchmark",
        "  tmr bench jmh 'Replay.*sample' -- -wi 2 -i 3 -f 1",
        "Arguments after -- go to JMH unchanged (run with '-- -h' for JMH's options; '-- -l' lists benchmarks)."
      })
  static final class Jmh implements Callable<Integer> {
    @Parameters(paramLabel = "ARGS", description = "Benchmark regex, then JMH options after --.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      org.openjdk.jmh.Main.main(args.toArray(new String[0]));
      return 0;
    }
  }
}
