package io.tmr.experiments.sweep;

import io.tmr.experiments.registry.Evaluation;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs {@code tmr finetune} as a child JVM (same class path and thread budget as the trial), once per
 * task, appending its output to the trial's log:
 *
 * <pre>
 * tmr finetune --from RUN_DIR --task TASK --seeds 1,2,3 --out OUT/TASK [--set key=value]...
 * tmr finetune --from RUN_DIR --task squad --squad-split SPLIT --seeds ... --out OUT/squad
 * </pre>
 *
 * A task whose {@code results.json} already exists is not run again, so an interrupted evaluation
 * resumes at the next task.
 */
public final class FinetuneCommandEvaluator implements DownstreamEvaluator {
  private final ChildJvm jvm;

  public FinetuneCommandEvaluator(ChildJvm jvm) {
    this.jvm = jvm;
  }

  /** The {@code tmr} arguments that fine-tune one task column. */
  public static List<String> arguments(Path runDir, Path taskOut, String task, Evaluation e) {
    List<String> args = new ArrayList<>(List.of("finetune", "--from", runDir.toString(), "--task", task));
    if (task.equals("squad")) {
      args.add("--squad-split");
      args.add(e.squadSplit());
    }
    args.add("--seeds");
    args.add(e.finetuneSeeds().stream().map(String::valueOf).collect(Collectors.joining(",")));
    args.add("--out");
    args.add(taskOut.toString());
    for (String o : e.finetuneOverrides()) {
      args.add("--set");
      args.add(o);
    }
    return args;
  }

  @Override
  public void evaluate(Path runDir, Path outDir, Evaluation evaluation, Path log) throws IOException, InterruptedException {
    Files.createDirectories(outDir);
    for (String task : evaluation.taskColumns()) {
      Path taskOut = outDir.resolve(task);
      if (FinetuneResults.read(taskOut).containsKey(FinetuneResults.column(task))) {
        continue;
      }
      ProcessBuilder pb = jvm.processBuilder(arguments(runDir, taskOut, task, evaluation));
      pb.redirectErrorStream(true);
      pb.redirectOutput(Redirect.appendTo(log.toFile()));
      Process p = pb.start();
      int rc;
      try {
        rc = p.waitFor();
      } catch (InterruptedException e) {
        p.destroy();
        throw e;
      }
      if (rc != 0) {
        throw new IOException("tmr finetune --task " + task + " exited with " + rc + " (see " + log + ")");
      }
      if (!FinetuneResults.read(taskOut).containsKey(FinetuneResults.column(task))) {
        throw new IOException("tmr finetune --task " + task + " left no results.json in " + taskOut);
      }
    }
  }
}
