package io.tmr.experiments.cli;

import io.tmr.models.electra.HfElectraFormat;
import io.tmr.models.pretrain.Checkpoint;
import io.tmr.models.pretrain.Pretrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tmr export RUN_DIR --out DIR}: a pretrained pair in HuggingFace's ELECTRA layout. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Export a pretraining run's newest checkpoint as HuggingFace ELECTRA folders:",
        "DIR/discriminator (ElectraForPreTraining) and DIR/generator (ElectraForMaskedLM), model.safetensors + config.json."})
final class ExportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A pretraining run folder.")
  Path runDir;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path ckpt = Checkpoint.latest(runDir.resolve("checkpoints"));
    if (ckpt == null) {
      throw new IllegalArgumentException(runDir + " has no checkpoint to export");
    }
    Pretrainer p = Pretrainer.resumeForInspection(runDir, PretrainCommand::load, io.tmr.models.tmr.Feeds::forTrainer);
    HfElectraFormat.export(p.model(), out);
    System.out.println("exported " + ckpt.getFileName() + " of " + runDir + " to " + out);
    return 0;
  }
}
