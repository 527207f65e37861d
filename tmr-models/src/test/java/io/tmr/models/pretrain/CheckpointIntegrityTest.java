package io.tmr.models.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.Config;
import io.tmr.core.io.SafeTensors;
import io.tmr.models.artefact.Checkpoint;
import io.tmr.models.artefact.ModelCheckpoint;
import io.tmr.models.tmr.Feeds;
import io.tmr.models.tmr.TmrOptions;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A byte flipped in a checkpoint is found on every load; resume falls back to the previous
 * checkpoint, announced.
 */
class CheckpointIntegrityTest {
  @TempDir static Path tmp;
  static Path corpus;

  @BeforeAll
  static void corpus() throws IOException {
    corpus = TestCorpus.build(tmp, 60);
  }

  static Config config() {
    List<String> o =
        TestCorpus.tinyModel(
            corpus,
            "train.batchSize=8",
            "train.steps=12",
            "train.warmupSteps=2",
            "log.every=1",
            "eval.every=6",
            "eval.batches=2",
            "checkpoint.every=4",
            "checkpoint.keep=10",
            "trainer=tmr",
            "replay.capacity=64");
    return Config.builder(TmrOptions.spec()).overrides(o).build();
  }

  /** XORs one byte in the middle of the file's tensor data. */
  static void flipByte(Path file, long fromEnd) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() - fromEnd;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5A);
    }
  }

  @Test
  void aFlippedByteIsFoundByEveryLoadAndResumeFallsBackToThePreviousCheckpoint()
      throws IOException {
    Path full = tmp.resolve("full");
    Pretrainer.create(config(), full, Feeds::forTrainer).run();
    Path run = tmp.resolve("damaged");
    Pretrainer.create(config(), run, Feeds::forTrainer).run();
    Path newest = Checkpoint.latest(run.resolve("checkpoints"));
    assertEquals(12, Checkpoint.stepOf(newest));
    flipByte(newest, Files.size(newest) / 3);

    IOException direct = assertThrows(IOException.class, () -> SafeTensors.read(newest));
    assertTrue(
        direct.getMessage().startsWith(newest.toString()) && direct.getMessage().contains("CRC32C"),
        direct.getMessage());
    IOException model = assertThrows(IOException.class, () -> ModelCheckpoint.load(run, null));
    assertTrue(
        model.getMessage().contains(newest.getFileName().toString()),
        "export and fine-tuning refuse: " + model);

    // Resume: the damaged step-12 checkpoint is set aside, step 8 is used, and the run ends where
    // the undamaged one did.
    Pretrainer.resume(
            run, y -> Config.builder(TmrOptions.spec()).file(y).build(), Feeds::forTrainer)
        .run();
    assertTrue(
        Files.exists(newest.resolveSibling(newest.getFileName() + ".damaged")), "kept as evidence");
    Map<String, SafeTensors.Tensor> a =
        SafeTensors.read(Checkpoint.latest(full.resolve("checkpoints"))).tensors();
    Map<String, SafeTensors.Tensor> b =
        SafeTensors.read(Checkpoint.latest(run.resolve("checkpoints"))).tensors();
    for (String k : a.keySet()) {
      assertArrayEquals(a.get(k).data(), b.get(k).data(), k);
    }
    assertTrue(
        Files.readString(run.resolve("manifest.json")).contains("\"fromStep\" : 8"),
        Files.readString(run.resolve("manifest.json")));
  }

  @Test
  void aDamagedHeaderIsFoundToo() throws IOException {
    Path run = tmp.resolve("header");
    Pretrainer.create(config(), run, Feeds::forTrainer).run();
    Path newest = Checkpoint.latest(run.resolve("checkpoints"));
    // The header's metadata holds the step: change "12" into another number without breaking the
    // JSON.
    byte[] bytes = Files.readAllBytes(newest);
    int headerLength =
        (int)
            java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    String head = new String(bytes, 8, headerLength, java.nio.charset.StandardCharsets.ISO_8859_1);
    int at = head.indexOf("\"step\":\"12\"");
    assertTrue(at > 0, "the header holds the step");
    bytes[8 + at + 9] = '9';
    Files.write(newest, bytes);
    IOException e = assertThrows(IOException.class, () -> SafeTensors.read(newest));
    assertTrue(e.getMessage().contains("metadata's CRC32C"), e.getMessage());
  }
}
