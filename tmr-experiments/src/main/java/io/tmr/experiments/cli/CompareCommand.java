package io.tmr.experiments.cli;

import io.tmr.experiments.report.FinetuneComparison;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tmr compare BASE OTHER...}: fine-tuning results of several models against a baseline. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare tmr finetune results of several models task by task; the first is the baseline (e.g. a",
      "random-init model). Each SOURCE is NAME=DIR[@TASK,..][+DIR...]: a task's seeds are pooled over the folders;",
      "@TASK,.. takes only those tasks from a folder.",
      "Prints a Markdown table: median [min, max] (seeds) per model and metric, the paired difference to the",
      "baseline (median, 95%% bootstrap CI, Wilcoxon p) and the per-seed GLUE average."
    })
final class CompareCommand implements Callable<Integer> {
  @Parameters(
      arity = "2..*",
      paramLabel = "SOURCE",
      description = "NAME=DIR[@TASK,..][+DIR...] or DIR; the first is the baseline.")
  List<String> sources;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the table to FILE.")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<FinetuneComparison.Source> read = new ArrayList<>();
    for (String s : sources) {
      read.add(FinetuneComparison.readSource(s));
    }
    FinetuneComparison comparison = FinetuneComparison.of(read);
    System.out.print(comparison.markdown());
    if (out != null) {
      comparison.write(out);
      System.err.println("compare: wrote " + out);
    }
    return 0;
  }
}
