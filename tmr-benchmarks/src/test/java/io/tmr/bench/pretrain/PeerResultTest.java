package io.tmr.bench.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerResultTest {
  @TempDir Path dir;

  /**
   * A RESULT line as ../shared/peers/torch_electra.py prints it (shape A, 2 threads, SkylakeX),
   * trimmed.
   */
  static String peerJson(int hidden, int threads, String core) {
    return "{\"mode\": \"train\", \"name\": \"A\", \"config\": {\"hidden\": "
        + hidden
        + ", \"layers\": 2, \"heads\": 2, \"seq\": 128, "
        + "\"batch\": 32, \"vocab\": 8000, \"threads\": "
        + threads
        + ", \"embedding\": "
        + hidden
        + ", \"gen_hidden\": "
        + hidden / 4
        + ", \"gen_heads\": 1, \"disc_hidden\": "
        + hidden
        + ", \"disc_heads\": 2}, \"tokens_per_s\": 10867.2, \"peak_rss_mib\": 572.0, "
        + "\"mfu_vs_calibration\": 0.221, \"machine_load\": {\"cores_used_self\": 1.98, \"cores_used_others\": 0.02}, "
        + "\"env\": {\"torch\": \"2.1.2\", \"openblas_core\": \""
        + core
        + "\", \"OPENBLAS_CORETYPE\": \""
        + core
        + "\"}}";
  }

  @Test
  void readsTheResultLineOfALogOrTheBareJson() throws Exception {
    Path log = dir.resolve("peer.log");
    Files.writeString(
        log,
        "# {\"torch\": \"2.1.2\"}\n[A] hidden=128 ...\n  step time median 0.3769 s\nRESULT "
            + peerJson(128, 2, "SkylakeX")
            + "\n");
    PeerResult p = PeerResult.read(log);
    assertEquals(10867.2, p.tokensPerSecond(), 1e-9);
    assertEquals(572.0 * (1 << 20), p.peakRssBytes(), 1e-6);
    assertEquals("SkylakeX", p.kernelSet());
    assertEquals(0.221, p.utilisation(), 1e-12);
    Path bare = dir.resolve("peer.json");
    Files.writeString(bare, peerJson(128, 2, "Haswell"));
    assertEquals("Haswell", PeerResult.read(bare).kernelSet());
    Path none = dir.resolve("none.log");
    Files.writeString(
        none, "Traceback (most recent call last):\nModuleNotFoundError: No module named 'torch'\n");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> PeerResult.read(none))
            .getMessage()
            .contains("no 'RESULT {json}' line"));
    assertThrows(IllegalArgumentException.class, () -> PeerResult.read(dir.resolve("missing.log")));
  }

  @Test
  void onlyALikeForLikeRunIsCompared() throws Exception {
    Path f = dir.resolve("a.log");
    Files.writeString(f, "RESULT " + peerJson(128, 2, "SkylakeX") + "\n");
    PeerResult p = PeerResult.read(f);
    assertEquals(List.of(), p.mismatches(Shapes.of("A"), 32, 128, 2, 2, "SkylakeX"));
    assertEquals(List.of(), p.mismatches(Shapes.of("A"), 32, 128, 2, 2, "skylakex"));
    assertTrue(
        String.join("; ", p.mismatches(Shapes.of("B"), 32, 128, 2, 2, "SkylakeX"))
            .contains("hidden: peer 128, here 256"));
    assertTrue(
        String.join("; ", p.mismatches(Shapes.of("C"), 32, 128, 2, 2, "SkylakeX"))
            .contains("vocab: peer 8000, here 30522"));
    assertTrue(
        String.join("; ", p.mismatches(Shapes.of("A"), 16, 128, 2, 2, "SkylakeX"))
            .contains("batch: peer 32, here 16"));
    assertTrue(
        String.join("; ", p.mismatches(Shapes.of("A"), 32, 128, 1, 1, "SkylakeX"))
            .contains("threads: peer 2"));
    assertTrue(
        String.join("; ", p.mismatches(Shapes.of("A"), 32, 128, 2, 1, "SkylakeX"))
            .contains("Java loops 1"));
    assertTrue(
        String.join("; ", p.mismatches(Shapes.of("A"), 32, 128, 2, 2, "Haswell"))
            .contains("kernel set: peer SkylakeX, here Haswell"));
    // "small" has E 128 < H 256: not what the peer builds for --hidden 256.
    Files.writeString(f, "RESULT " + peerJson(256, 2, "SkylakeX") + "\n");
    assertTrue(
        String.join(
                "; ", PeerResult.read(f).mismatches(Shapes.of("small"), 32, 128, 2, 2, "SkylakeX"))
            .contains("embedding: peer 256, here 128"));
  }

  /** Our RESULT line uses the peer's field names: read back as a peer, it matches its own run. */
  @Test
  void ourResultLineReadsLikeThePeers() throws Exception {
    PretrainBenchmark.Result r =
        new PretrainBenchmark.Result(
            "A",
            1_550_000,
            11918,
            343.7,
            120,
            210,
            7,
            600,
            16.5e9,
            48,
            240,
            0.2,
            0.51,
            32,
            128,
            2,
            2,
            "SkylakeX",
            List.of());
    Path f = dir.resolve("ours.log");
    Files.writeString(f, "RESULT " + PretrainBenchmark.json(r) + "\n");
    PeerResult back = PeerResult.read(f);
    assertEquals(11918, back.tokensPerSecond(), 1e-9);
    assertEquals(0.51e9, back.peakRssBytes(), 1);
    assertEquals(List.of(), back.mismatches(Shapes.of("A"), 32, 128, 2, 2, "SkylakeX"));
  }
}
