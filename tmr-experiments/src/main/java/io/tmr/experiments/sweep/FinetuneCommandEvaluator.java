package io.tmr.experiments.sweep;

import io.tmr.experiments.registry.Evaluation;
import io.tmr.experiments.registry.Overrides;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs {@code tmr finetune} as a child JVM (same class path and thread budget as the trial) for the
 * tasks whose results are still missing, appending its output to the trial's log:
 *
 * <pre>
 * tmr finetune --from RUN_DIR --tasks sst2,mrpc,stsb,rte,squad --seeds 1,2,3 --out OUT [--name value]...
 * </pre>
 *
 * {@code tmr finetune} writes {@code OUT/<TASK>/results.json} per task. The evaluation's
 * fine-tuning options are {@code name=value} pairs passed as {@code --name value} ({@code
 * name=true} as the flag {@code --name}). The SQuAD split {@code by-article} is {@code tmr
 * finetune}'s {@code squad} task; any other split value is taken as the SQuAD file to split ({@code
 * --squad-file}). A task whose results exist is not run again, so an interrupted evaluation resumes
 * with the tasks it lacks.
 */
public final class FinetuneCommandEvaluator implements DownstreamEvaluator {
  private final ChildJvm jvm;

  public FinetuneCommandEvaluator(ChildJvm jvm) {
    this.jvm = jvm;
  }

  /** The {@code tmr} arguments that fine-tune {@code tasks} (task columns of the evaluation). */
  public static List<String> arguments(Path runDir, Path out, List<String> tasks, Evaluation e) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "finetune",
                "--from",
                runDir.toString(),
                "--tasks",
                String.join(",", tasks),
                "--seeds",
                e.finetuneSeeds().stream().map(String::valueOf).collect(Collectors.joining(",")),
                "--out",
                out.toString()));
    if (tasks.contains("squad") && !e.squadSplit().equals("by-article")) {
      args.add("--squad-file");
      args.add(e.squadSplit());
    }
    for (String o : e.finetuneOverrides()) {
      String name = Overrides.key(o);
      String value = Overrides.value(o);
      args.add("--" + name);
      if (!value.equals("true")) {
        args.add(value);
      }
    }
    return args;
  }

  @Override
  public void evaluate(Path runDir, Path outDir, Evaluation evaluation, Path log)
      throws IOException, InterruptedException {
    Files.createDirectories(outDir);
    List<String> missing = missing(outDir, evaluation);
    if (missing.isEmpty()) {
      return;
    }
    ProcessBuilder pb = jvm.processBuilder(arguments(runDir, outDir, missing, evaluation));
    pb.redirectErrorStream(true);
    pb.redirectOutput(Redirect.appendTo(log.toFile()));
    Process p = pb.start();
    int rc;
    try {
      // A stop request to the trial (SIGTERM from a sweep or Slurm) ends the fine-tuning JVM too;
      // the tasks it finished keep their results.json, the others run on the next attempt.
      boolean forwarded = false;
      while (!p.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
        if (!forwarded && io.tmr.core.run.StopSignals.requested() != null) {
          forwarded = true;
          p.destroy();
        }
      }
      rc = p.exitValue();
    } catch (InterruptedException e) {
      p.destroy();
      throw e;
    }
    if (rc != 0) {
      throw new IOException(
          "tmr finetune --tasks "
              + String.join(",", missing)
              + " exited with "
              + rc
              + " (see "
              + log
              + ")");
    }
    List<String> still = missing(outDir, evaluation);
    if (!still.isEmpty()) {
      throw new IOException("tmr finetune left no results.json for " + still + " in " + outDir);
    }
  }

  private static List<String> missing(Path outDir, Evaluation evaluation) throws IOException {
    var have = FinetuneResults.read(outDir);
    return evaluation.taskColumns().stream()
        .filter(t -> !have.containsKey(FinetuneResults.column(t)))
        .toList();
  }
}
