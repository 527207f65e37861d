package io.tmr.core.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.tmr.core.nn.AttentionMask;
import io.tmr.core.nn.Context;
import io.tmr.core.nn.EncoderModel;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Forward parity with ONNX Runtime: all-MiniLM-L6-v2's ONNX weights imported into our encoder must
 * reproduce ORT's {@code last_hidden_state} on real GLUE sentences (SST-2 singles, RTE pairs with
 * segment ids), batched with padding, to 1e-4 max abs error over real positions. Tagged slow: it
 * loads a 90 MB model twice (our importer and ONNX Runtime), about 10 s on an idle 2-core machine.
 */
@Tag("slow")
class MiniLmParityTest {
  private static final String MODEL = "all-minilm-l6-v2.onnx";
  private static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
  private static final int BATCH = 8;

  private static OrtEnvironment env;
  private static OrtSession session;
  private static EncoderModel ours;
  private static HuggingFaceTokenizer tokenizer;
  private static BertOnnxImporter.Report report;

  @BeforeAll
  static void load() throws Exception {
    byte[] bytes;
    try (InputStream in = resource(MODEL)) {
      bytes = in.readAllBytes();
    }
    OnnxModel model = OnnxModel.parse(bytes);
    BertOnnxImporter.Shapes shapes = BertOnnxImporter.inferShapes(model, 12, DataType.FLOAT);
    ours = EncoderModel.create("", shapes.embeddings(), shapes.encoder(), new RandomStream(1));
    report = BertOnnxImporter.load(model, ours, "");
    env = OrtEnvironment.getEnvironment();
    session = env.createSession(bytes, new OrtSession.SessionOptions());
    try (InputStream in = resource(TOKENIZER)) {
      tokenizer =
          HuggingFaceTokenizer.newInstance(
              in, Map.of("padding", "false", "truncation", "true", "maxLength", "128"));
    }
  }

  @AfterAll
  static void close() throws Exception {
    if (session != null) {
      session.close();
    }
    if (tokenizer != null) {
      tokenizer.close();
    }
  }

  private static InputStream resource(String name) {
    InputStream in = MiniLmParityTest.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException(name + " not on the test classpath");
    }
    return in;
  }

  @Test
  void importerFillsEveryParameterAndUsesEveryWeight() {
    assertEquals(ours.parameters().size(), report.sources().size());
    assertTrue(report.unusedInitializers().isEmpty(), "unused: " + report.unusedInitializers());
    assertEquals(6, ours.config().layers());
    assertEquals(384, ours.config().hidden());
    assertEquals(1536, ours.config().intermediate());
    assertEquals(1e-12, ours.config().layerNormEps(), 1e-18);
    assertTrue(
        report
            .sources()
            .get("encoder.layer.0.attention.self.query.weight")
            .startsWith("onnx::MatMul_"));
  }

  @Test
  void knownSentenceMatchesReferenceValues() throws Exception {
    Encoding e = tokenizer.encode("the quick brown fox");
    assertArrayEquals(new long[] {101, 1996, 4248, 2829, 4419, 102}, e.getIds());
    float[][][] ort = runOrt(List.of(e), 6);
    float[] expected = {0.16988494f, 0.08823916f, 0.09218162f};
    float[][][] mine = runOurs(List.of(e), 6);
    for (int j = 0; j < 3; j++) {
      assertEquals(expected[j], ort[0][0][j], 1e-6, "ORT reference value " + j);
      assertEquals(expected[j], mine[0][0][j], 1e-4, "our value " + j);
    }
  }

  @Test
  void lastHiddenStateMatchesOnnxRuntimeOnGlueSentences() throws Exception {
    String shared = System.getProperty("tmr.shared");
    assumeTrue(shared != null, "tmr.shared not set");
    Path sst2 = Path.of(shared, "data", "glue", "SST-2", "dev.tsv");
    Path rte = Path.of(shared, "data", "glue", "RTE", "dev.tsv");
    assumeTrue(
        Files.isRegularFile(sst2) && Files.isRegularFile(rte),
        "GLUE dev files absent under " + shared);
    List<Encoding> encodings = new ArrayList<>();
    for (String[] row : readTsv(sst2, 64)) {
      encodings.add(tokenizer.encode(row[0]));
    }
    for (String[] row : readTsv(rte, 48)) {
      encodings.add(tokenizer.encode(row[1], row[2]));
    }
    assertParity(encodings);
  }

  private static List<String[]> readTsv(Path file, int limit) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cols = line.split("\t");
      if (file.getParent().getFileName().toString().equals("RTE")) {
        rows.add(cols); // index, sentence1, sentence2, label
      } else {
        rows.add(new String[] {cols[0]});
      }
      if (rows.size() == limit) {
        break;
      }
    }
    return rows;
  }

  private static long[][][] inputs(List<Encoding> batch, int seq) {
    long[][] ids = new long[batch.size()][seq];
    long[][] mask = new long[batch.size()][seq];
    long[][] types = new long[batch.size()][seq];
    for (int b = 0; b < batch.size(); b++) {
      Encoding e = batch.get(b);
      long[] id = e.getIds();
      long[] ty = e.getTypeIds();
      for (int s = 0; s < id.length; s++) {
        ids[b][s] = id[s];
        types[b][s] = ty[s];
        mask[b][s] = 1;
      }
    }
    return new long[][][] {ids, mask, types};
  }

  private static float[][][] runOrt(List<Encoding> batch, int seq) throws Exception {
    long[][][] in = inputs(batch, seq);
    try (OnnxTensor ids = OnnxTensor.createTensor(env, in[0]);
        OnnxTensor mask = OnnxTensor.createTensor(env, in[1]);
        OnnxTensor types = OnnxTensor.createTensor(env, in[2]);
        OrtSession.Result result =
            session.run(
                Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
      return (float[][][]) result.get(0).getValue();
    }
  }

  private static float[][][] runOurs(List<Encoding> batch, int seq) {
    long[][][] in = inputs(batch, seq);
    int n = batch.size();
    int[] ids = new int[n * seq];
    int[] mask = new int[n * seq];
    int[] types = new int[n * seq];
    for (int b = 0; b < n; b++) {
      for (int s = 0; s < seq; s++) {
        ids[b * seq + s] = (int) in[0][b][s];
        mask[b * seq + s] = (int) in[1][b][s];
        types[b * seq + s] = (int) in[2][b][s];
      }
    }
    Matrix h = ours.forward(ids, types, AttentionMask.of(n, seq, mask), Context.inference());
    int hidden = h.cols();
    float[][][] out = new float[n][seq][hidden];
    for (int b = 0; b < n; b++) {
      for (int s = 0; s < seq; s++) {
        for (int j = 0; j < hidden; j++) {
          out[b][s][j] = (float) h.get((b * seq + s) * hidden + j);
        }
      }
    }
    return out;
  }

  /**
   * The same check on real text that is always in the repository (testdata/: 100 Moby-Dick
   * sentences and 30 pairs of consecutive ones), so parity is tested where ../shared is absent.
   */
  @Test
  void lastHiddenStateMatchesOnnxRuntimeOnBundledSentences() throws Exception {
    Path moby = Path.of("..", "testdata", "moby-dick-sentences.txt");
    assumeTrue(Files.isRegularFile(moby), "testdata absent: " + moby.toAbsolutePath());
    List<String> lines =
        Files.readAllLines(moby).stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    List<Encoding> encodings = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      encodings.add(tokenizer.encode(lines.get(i)));
    }
    for (int i = 100; i < 160; i += 2) {
      encodings.add(tokenizer.encode(lines.get(i), lines.get(i + 1)));
    }
    assertParity(encodings);
  }

  private void assertParity(List<Encoding> encodings) throws Exception {
    double maxError = 0;
    int positions = 0;
    int padded = 0;
    for (int start = 0; start < encodings.size(); start += BATCH) {
      List<Encoding> batch = encodings.subList(start, Math.min(encodings.size(), start + BATCH));
      int seq = batch.stream().mapToInt(x -> x.getIds().length).max().orElseThrow();
      float[][][] ort = runOrt(batch, seq);
      float[][][] mine = runOurs(batch, seq);
      for (int b = 0; b < batch.size(); b++) {
        int len = batch.get(b).getIds().length;
        padded += seq - len;
        for (int s = 0; s < len; s++) {
          positions++;
          for (int j = 0; j < ort[b][s].length; j++) {
            maxError = Math.max(maxError, Math.abs(ort[b][s][j] - mine[b][s][j]));
          }
        }
      }
    }
    System.out.printf(
        "MiniLM parity: %d sentences, %d real positions (%d padding), max abs error %.3g%n",
        encodings.size(), positions, padded, maxError);
    assertTrue(encodings.size() >= 100);
    assertTrue(padded > 0, "batches must contain padding");
    assertTrue(maxError <= 1e-4, "max abs error " + maxError);
  }
}
