package io.tmr.experiments.cli;

import io.tmr.config.Config;
import io.tmr.core.run.RunDirectory;
import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.models.pretrain.PretrainOptions;
import io.tmr.models.pretrain.Pretrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tmr quickstart}: the main job on a fresh machine. Prints the environment, builds the
 * default corpus when missing, trains its 8,000-token vocabulary when missing, then pretrains the
 * {@code tiny} ELECTRA within a time budget and prints what it learned on the validation split.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "The main job: environment report, corpus (npm prose), vocabulary, and a tiny ELECTRA pretrained",
      "on 2 CPU cores within a time budget; prints validation MLM accuracy and discriminator AUC at start and end."
    })
final class QuickstartCommand implements Callable<Integer> {
  @Option(
      names = "--sources",
      defaultValue = "npm",
      description = "Corpus sources. Default: ${DEFAULT-VALUE}.")
  String sources;

  @Option(
      names = "--budget",
      defaultValue = "420",
      description = "Training time budget in seconds. Default: ${DEFAULT-VALUE}.")
  int budget;

  @Option(
      names = "--steps",
      defaultValue = "1200",
      description = "Optimizer steps (the budget may stop earlier). Default: ${DEFAULT-VALUE}.")
  int steps;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Further pretraining overrides (see tmr pretrain --options).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--runs",
      defaultValue = "runs",
      description = "Root of run folders. Default: ${DEFAULT-VALUE}.")
  Path runs;

  @Override
  public Integer call() throws Exception {
    System.out.println("== tmr doctor ==");
    int rc = TmrCli.execute("doctor");
    if (rc != 0) {
      return rc;
    }
    String corpus = sources.replace(',', '+');
    System.out.println("\n== tmr corpus build --sources " + sources + " ==");
    rc = TmrCli.execute("corpus", "build", "--sources", sources);
    if (rc != 0) {
      return rc;
    }
    System.out.println("\n== tmr pretrain (tiny ELECTRA, " + budget + " s budget) ==");
    List<String> o =
        new ArrayList<>(
            List.of(
                "run.name=quickstart",
                "model.preset=tiny",
                "data.corpus=" + corpus,
                "train.steps=" + steps,
                "train.timeBudgetSeconds=" + budget,
                "log.every=10",
                "eval.every=200",
                "eval.batches=16",
                "checkpoint.every=200"));
    o.addAll(overrides);
    Config config = Config.builder(PretrainCommand.spec()).overrides(o).build();
    Path dir =
        runs.resolve("quickstart").resolve(RunDirectory.newId(config.get(PretrainOptions.SEED)));
    Pretrainer.Result r = Pretrainer.create(config, dir, t -> DiscriminatorFeed.electra()).run();
    Plots.pretraining(r.runDir());
    PretrainCommand.printSummary(r);
    printNextSteps(r.runDir());
    return 0;
  }

  /** The commands that answer "does this pretraining help?" (docs/finetuning.md, Results). */
  static void printNextSteps(Path runDir) {
    String caps =
        " --tasks sst2,mrpc,stsb,rte --seeds 1..3 --max-train-examples sst2=4000,mrpc=2000,stsb=2000";
    System.out.println(
        "\nnext: fine-tune this model and a random-init one of the same shape, then compare them:");
    System.out.println(
        "  ./tmr finetune --from " + runDir + caps + " --out runs/finetune/quickstart");
    System.out.println(
        "  ./tmr finetune --preset tiny --random-init" + caps + " --out runs/finetune/random-init");
    System.out.println(
        "  ./tmr compare random-init=runs/finetune/random-init quickstart=runs/finetune/quickstart");
  }
}
