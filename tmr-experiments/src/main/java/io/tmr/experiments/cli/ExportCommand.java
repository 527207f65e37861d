package io.tmr.experiments.cli;

import io.tmr.core.io.AtomicFiles;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.artefact.ModelCheckpoint;
import io.tmr.models.electra.HfElectraFormat;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tmr export RUN_DIR --out DIR}: a pretrained pair in HuggingFace's ELECTRA layout. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a pretraining run's newest checkpoint as HuggingFace ELECTRA folders:",
      "DIR/discriminator (ElectraForPreTraining) and DIR/generator (ElectraForMaskedLM), model.safetensors + config.json."
    })
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
    ModelCheckpoint.Loaded m = PretrainCommand.loadModel(ckpt);
    HfElectraFormat.export(m.model(), out);
    // Self-describing: where the model came from, and the vocabulary its ids refer to.
    AtomicFiles.writeString(out.resolve("provenance.json"), m.provenance().json(true) + "\n");
    m.vocabulary().write(out.resolve("vocab.txt"));
    System.out.println("exported " + ckpt.getFileName() + " of " + runDir + " to " + out);
    return 0;
  }
}
