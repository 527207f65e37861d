package io.tmr.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.core.io.AtomicFiles;
import io.tmr.core.run.RunDirectory;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.artefact.ModelCard;
import io.tmr.models.artefact.ModelCheckpoint;
import io.tmr.models.electra.HfElectraFormat;
import io.tmr.models.pretrain.PretrainOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tmr export RUN_DIR --out DIR}: a pretrained pair in HuggingFace's ELECTRA layout, with the
 * tokenizer files next to each model and a model card.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a pretraining run's newest checkpoint as HuggingFace ELECTRA folders:",
      "DIR/discriminator (ElectraForPreTraining) and DIR/generator (ElectraForMaskedLM), each with model.safetensors,",
      "config.json and the tokenizer (vocab.txt, tokenizer_config.json, special_tokens_map.json, tokenizer.json);",
      "DIR/README.md is a model card (config, corpus, steps, validation metrics, plugins, commit),",
      "DIR/provenance.json the full provenance."
    })
final class ExportCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    HfElectraFormat.export(m.model(), m.vocabulary(), out);
    // Self-describing: where the model came from, and the vocabulary its ids refer to.
    AtomicFiles.writeString(out.resolve("provenance.json"), m.provenance().json(true) + "\n");
    m.vocabulary().write(out.resolve("vocab.txt"));
    AtomicFiles.writeString(
        out.resolve("README.md"),
        ModelCard.markdown(
            new ModelCard.Source(
                m.provenance(),
                m.step(),
                runDir.toAbsolutePath().normalize().toString(),
                ckpt.getFileName().toString(),
                json(runDir.resolve(RunDirectory.MANIFEST)),
                corpusManifest(m.provenance().config().get(PretrainOptions.CORPUS.name())))));
    System.out.println("exported " + ckpt.getFileName() + " of " + runDir + " to " + out);
    return 0;
  }

  private static JsonNode json(Path file) throws IOException {
    return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
  }

  /** The manifest of the run's corpus, when it is still where the run found it. */
  private static JsonNode corpusManifest(Object corpus) {
    if (corpus == null) {
      return null;
    }
    try {
      return json(PretrainOptions.corpusDir(corpus.toString()).resolve("manifest.json"));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
