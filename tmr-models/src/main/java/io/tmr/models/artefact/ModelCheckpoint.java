package io.tmr.models.artefact;

import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.text.Vocabulary;
import io.tmr.models.electra.ElectraModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained model read from a checkpoint and nothing else: the checkpoint's {@link Provenance}
 * (metadata {@value #PROVENANCE}) gives the shape and number type, its {@value #VOCABULARY} blob
 * the vocabulary (checked against the provenance's SHA-256), its tensors the parameters. No
 * trainer, corpus, optimizer or replay buffer is built.
 */
public final class ModelCheckpoint {
  /** Checkpoint metadata key of the provenance (compact JSON). */
  public static final String PROVENANCE = "provenance";

  /** Checkpoint blob holding the vocabulary's vocab.txt. */
  public static final String VOCABULARY = "__vocab__";

  private ModelCheckpoint() {}

  /** What a checkpoint holds of a model. */
  public record Loaded(
      ElectraModel model, Vocabulary vocabulary, Provenance provenance, long step, Path file) {}

  /**
   * What a checkpoint written before checkpoints described themselves is read with: its run's
   * description.
   */
  public record Description(Provenance provenance, Vocabulary vocabulary) {}

  /**
   * Describes the run in a folder from its own files (config.yaml), for checkpoints without
   * provenance.
   */
  @FunctionalInterface
  public interface LegacyRun {
    Description describe(Path runDir) throws IOException;
  }

  /**
   * The blobs and metadata a checkpoint of a model with {@code provenance} and {@code vocabulary}
   * adds.
   */
  public static Map<String, String> metadata(Provenance provenance) {
    return Map.of(PROVENANCE, provenance.json(false));
  }

  public static byte[] vocabularyBlob(Vocabulary vocabulary) {
    return vocabulary.toVocabTxt().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The model of {@code runDirOrCheckpoint}: a checkpoint file, or a run folder's newest
   * checkpoint. A checkpoint written before checkpoints carried their provenance is read with its
   * run's description ({@code legacy}: from its config.yaml).
   *
   * @throws IOException naming the file when it is missing, not a checkpoint, or inconsistent
   */
  public static Loaded load(Path runDirOrCheckpoint, LegacyRun legacy) throws IOException {
    Path file =
        Files.isDirectory(runDirOrCheckpoint)
            ? Checkpoint.latest(runDirOrCheckpoint.resolve("checkpoints"))
            : runDirOrCheckpoint;
    if (file == null || !Files.isRegularFile(file)) {
      throw new IOException(runDirOrCheckpoint + " has no checkpoint");
    }
    Checkpoint.Loaded c = Checkpoint.load(file);
    String json = c.metadata().get(PROVENANCE);
    Provenance provenance;
    Vocabulary vocabulary;
    if (json != null) {
      provenance = Provenance.parse(json, file.toString());
      byte[] vocab = c.blobs().get(VOCABULARY);
      if (vocab == null) {
        throw new IOException(
            file + ": blob " + VOCABULARY + " is missing (the vocabulary the provenance names)");
      }
      vocabulary =
          Vocabulary.parse(
              new String(vocab, StandardCharsets.UTF_8), file + " (blob " + VOCABULARY + ")");
      if (!vocabulary.sha256().equals(provenance.vocabulary().sha256())) {
        throw new IOException(
            file
                + ": the stored vocabulary has SHA-256 "
                + vocabulary.sha256()
                + ", the provenance says "
                + provenance.vocabulary().sha256());
      }
    } else {
      Description d = legacy.describe(file.getParent().getParent());
      provenance = d.provenance();
      vocabulary = d.vocabulary();
    }
    DataType dt = provenance.dataType().equals("float64") ? DataType.DOUBLE : DataType.FLOAT;
    ElectraModel model = new ElectraModel(provenance.model(), dt, 0);
    Map<String, INDArray> params = new HashMap<>();
    for (Parameter p : model.parameters()) {
      INDArray a = c.arrays().get(p.name());
      if (a == null) {
        throw new IOException(
            file + ": tensor '" + p.name() + "' of the model its provenance describes is missing");
      }
      params.put(p.name(), a);
    }
    Parameters.loadStateDict(model.parameters(), params);
    return new Loaded(model, vocabulary, provenance, c.step(), file);
  }
}
