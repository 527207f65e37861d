package io.tmr.bench.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.models.electra.ElectraConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The PyTorch peer's result ({@code ../shared/peers/torch_electra.py}): its {@code RESULT {json}}
 * line, read from its log or from a file holding just that JSON. Only a figure measured on this
 * machine, read from such a file, is ever compared with ours; none is compiled in.
 *
 * @param file where it was read from
 * @param json the RESULT object
 */
public record PeerResult(Path file, JsonNode json) {
  private static final ObjectMapper JSON = io.tmr.config.StrictJson.json();

  /**
   * Reads the last {@code RESULT {json}} line of {@code file}, or the file's single JSON object.
   */
  public static PeerResult read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such peer result file");
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String found = null;
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (l.startsWith("RESULT ")) {
        found = l.substring("RESULT ".length()).strip();
      }
    }
    if (found == null && text.strip().startsWith("{")) {
      found = text.strip();
    }
    if (found == null) {
      throw new IllegalArgumentException(
          file
              + ": no 'RESULT {json}' line (expected the output of ../shared/peers/torch_electra.py)");
    }
    JsonNode j;
    try {
      j = JSON.readTree(found);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + ": the RESULT line is not valid JSON: " + e.getMessage());
    }
    if (!j.isObject()) {
      throw new IllegalArgumentException(file + ": the RESULT line is not a JSON object");
    }
    return new PeerResult(file, j);
  }

  public String mode() {
    return json.path("mode").asText("");
  }

  public double tokensPerSecond() {
    return json.path("tokens_per_s").asDouble(Double.NaN);
  }

  /** Peak RSS in bytes (the peer reports MiB). */
  public double peakRssBytes() {
    return json.path("peak_rss_mib").asDouble(Double.NaN) * (1 << 20);
  }

  /**
   * The OpenBLAS kernel set the peer's OpenBLAS reported ({@code openblas_get_corename()}), or null
   * when it found none.
   */
  public String kernelSet() {
    JsonNode c = json.path("env").path("openblas_core");
    return c.isTextual() ? c.asText() : null;
  }

  /**
   * Utilisation of the GEMM peak the peer measured in its own process (mean of before and after),
   * or NaN.
   */
  public double utilisation() {
    return json.path("mfu_vs_calibration").asDouble(Double.NaN);
  }

  /** Cores that other processes used while the peer measured, or NaN. */
  public double othersCores() {
    return json.path("machine_load").path("cores_used_others").asDouble(Double.NaN);
  }

  /**
   * What differs between the peer's run and ours (empty when they are like for like): the model
   * shape, batch, sequence length, threads and, where both are known, the OpenBLAS kernel set.
   */
  public List<String> mismatches(
      ElectraConfig c, int batch, int seq, int blasThreads, int javaThreads, String kernelSet) {
    List<String> out = new ArrayList<>();
    if (!mode().equals("train")) {
      out.add("mode '" + mode() + "' (need a training result, not --gemm)");
    }
    JsonNode cfg = json.path("config");
    check(out, cfg, "hidden", c.hidden());
    check(out, cfg, "layers", c.layers());
    check(out, cfg, "heads", c.heads());
    check(out, cfg, "vocab", c.vocabSize());
    check(out, cfg, "embedding", c.embeddingSize());
    check(out, cfg, "gen_hidden", c.generatorHidden());
    check(out, cfg, "gen_heads", c.generatorHeads());
    check(out, cfg, "batch", batch);
    check(out, cfg, "seq", seq);
    // The peer's feed-forward width is always 4 x hidden (generator too).
    if (c.intermediate() != 4 * c.hidden()
        || c.generatorIntermediate() != 4 * c.generatorHidden()) {
      out.add(
          String.format(
              Locale.ROOT,
              "feed-forward width: the peer's is 4 x hidden, ours %d (generator %d)",
              c.intermediate(),
              c.generatorIntermediate()));
    }
    int peerThreads = cfg.path("threads").asInt(-1);
    if (peerThreads != blasThreads || peerThreads != javaThreads) {
      out.add(
          String.format(
              Locale.ROOT,
              "threads: peer %d, here matrix products %d and Java loops %d (set OMP_NUM_THREADS, OPENBLAS_NUM_THREADS "
                  + "and -Dtmr.threads to the peer's)",
              peerThreads,
              blasThreads,
              javaThreads));
    }
    String peerKernels = kernelSet();
    if (peerKernels != null && kernelSet != null && !peerKernels.equalsIgnoreCase(kernelSet)) {
      out.add(
          "OpenBLAS kernel set: peer "
              + peerKernels
              + ", here "
              + kernelSet
              + " (give both the same OPENBLAS_CORETYPE)");
    }
    return out;
  }

  private static void check(List<String> out, JsonNode cfg, String field, int ours) {
    JsonNode v = cfg.path(field);
    if (!v.canConvertToInt() || v.asInt() != ours) {
      out.add(field + ": peer " + (v.isMissingNode() ? "missing" : v.asText()) + ", here " + ours);
    }
  }
}
