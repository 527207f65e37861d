package io.tmr.models.electra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tmr.core.io.AtomicFiles;
import io.tmr.core.io.SafeTensors;
import io.tmr.core.nn.Parameter;
import io.tmr.core.text.HfTokenizerFiles;
import io.tmr.core.text.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * HuggingFace layout of an ELECTRA pair: {@code DIR/discriminator/} ({@code ElectraForPreTraining})
 * and {@code DIR/generator/} ({@code ElectraForMaskedLM}), each with {@code model.safetensors} and
 * {@code config.json}, tensor names as HF's modelling code uses them. The generator's tensors are
 * TMR's {@code generator.*} renamed to {@code electra.*}, with its own copy of the shared
 * embeddings; its output weight is tied to the word embeddings ({@code tie_word_embeddings}), so it
 * is not stored.
 */
public final class HfElectraFormat {
  private static final ObjectMapper JSON =
      io.tmr.config.StrictJson.json().enable(SerializationFeature.INDENT_OUTPUT);
  public static final String DISCRIMINATOR = "discriminator";
  public static final String GENERATOR = "generator";

  private HfElectraFormat() {}

  /**
   * {@link #export(ElectraModel, Path)} plus the tokenizer files ({@link HfTokenizerFiles}: {@code
   * vocab.txt}, {@code tokenizer_config.json}, {@code special_tokens_map.json}) in both folders,
   * where {@code from_pretrained} looks for them.
   */
  public static void export(ElectraModel model, Vocabulary vocab, Path dir) throws IOException {
    if (vocab.size() != model.config().vocabSize()) {
      throw new IllegalArgumentException(
          "the vocabulary has "
              + vocab.size()
              + " tokens, the model "
              + model.config().vocabSize()
              + ": they do not belong together");
    }
    export(model, dir);
    for (String folder : new String[] {DISCRIMINATOR, GENERATOR}) {
      HfTokenizerFiles.write(dir.resolve(folder), vocab, model.config().maxPositions());
    }
  }

  public static void export(ElectraModel model, Path dir) throws IOException {
    ElectraConfig c = model.config();
    Map<String, SafeTensors.Tensor> disc = new LinkedHashMap<>();
    Map<String, SafeTensors.Tensor> gen = new LinkedHashMap<>();
    for (Parameter p : model.parameters()) {
      String n = p.name();
      SafeTensors.Tensor t = tensor(p.value());
      if (n.startsWith("electra.embeddings.")) {
        disc.put(n, t);
        gen.put(n, t);
      } else if (n.startsWith("electra.") || n.startsWith("discriminator_predictions.")) {
        disc.put(n, t);
      } else if (n.startsWith("generator.")) {
        gen.put("electra." + n.substring("generator.".length()), t);
      } else {
        gen.put(n, t);
      }
    }
    Map<String, String> meta = Map.of("format", "pt", "producer", "tmr");
    Files.createDirectories(dir.resolve(DISCRIMINATOR));
    Files.createDirectories(dir.resolve(GENERATOR));
    SafeTensors.write(dir.resolve(DISCRIMINATOR).resolve("model.safetensors"), disc, meta);
    SafeTensors.write(dir.resolve(GENERATOR).resolve("model.safetensors"), gen, meta);
    AtomicFiles.writeString(
        dir.resolve(DISCRIMINATOR).resolve("config.json"),
        JSON.writeValueAsString(
            config(c, c.hidden(), c.heads(), c.intermediate(), "ElectraForPreTraining")));
    AtomicFiles.writeString(
        dir.resolve(GENERATOR).resolve("config.json"),
        JSON.writeValueAsString(
            config(
                c,
                c.generatorHidden(),
                c.generatorHeads(),
                c.generatorIntermediate(),
                "ElectraForMaskedLM")));
  }

  private static ObjectNode config(
      ElectraConfig c, int hidden, int heads, int intermediate, String architecture) {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("architectures").add(architecture);
    n.put("model_type", "electra");
    n.put("vocab_size", c.vocabSize());
    n.put("embedding_size", c.embeddingSize());
    n.put("hidden_size", hidden);
    n.put("num_hidden_layers", c.layers());
    n.put("num_attention_heads", heads);
    n.put("intermediate_size", intermediate);
    n.put("hidden_act", "gelu");
    n.put("hidden_dropout_prob", c.dropout());
    n.put("attention_probs_dropout_prob", c.dropout());
    n.put("max_position_embeddings", c.maxPositions());
    n.put("type_vocab_size", 2);
    n.put("initializer_range", ElectraModel.INIT_STD);
    n.put("layer_norm_eps", ElectraModel.LAYER_NORM_EPS);
    n.put("tie_word_embeddings", true);
    n.put("torch_dtype", "float32");
    return n;
  }

  private static SafeTensors.Tensor tensor(INDArray a) {
    return SafeTensors.Tensor.of(a.castTo(DataType.FLOAT).dup('c').data().asFloat(), a.shape());
  }

  /**
   * Loads an exported (or HuggingFace) pair. The discriminator folder is required; without a
   * generator folder the generator keeps its seeded initialisation (enough for fine-tuning).
   */
  public static ElectraModel load(Path dir, DataType dataType, long seed) throws IOException {
    Path discDir = dir.resolve(DISCRIMINATOR);
    Path genDir = dir.resolve(GENERATOR);
    boolean hasGen = Files.isRegularFile(genDir.resolve("config.json"));
    ElectraConfig c = config(dir);
    ElectraModel model = new ElectraModel(c, dataType, seed);
    Map<String, SafeTensors.Tensor> disc = tensors(discDir.resolve("model.safetensors"));
    Map<String, SafeTensors.Tensor> gen =
        hasGen ? tensors(genDir.resolve("model.safetensors")) : Map.of();
    fill(model, disc, gen, discDir, genDir, hasGen);
    return model;
  }

  /**
   * The shape an exported (or HuggingFace) pair in {@code dir} declares: {@code
   * discriminator/config.json}, and {@code generator/config.json} when present.
   *
   * @throws IOException one line naming the file when one is missing, not JSON, not ELECTRA or
   *     lacks a field
   */
  public static ElectraConfig config(Path dir) throws IOException {
    Path discDir = dir.resolve(DISCRIMINATOR);
    Path genDir = dir.resolve(GENERATOR);
    JsonNode dc = readConfig(discDir.resolve("config.json"));
    boolean hasGen = Files.isRegularFile(genDir.resolve("config.json"));
    JsonNode gc = hasGen ? readConfig(genDir.resolve("config.json")) : null;
    int hidden = req(dc, "hidden_size", discDir);
    int genHidden = gc == null ? Math.max(1, hidden / 4) : req(gc, "hidden_size", genDir);
    int genHeads =
        gc == null ? Math.max(1, genHidden / 64) : req(gc, "num_attention_heads", genDir);
    int vocab = req(dc, "vocab_size", discDir);
    if (gc != null && gc.has("vocab_size") && gc.path("vocab_size").asInt() != vocab) {
      throw new IOException(
          genDir.resolve("config.json")
              + ": vocab_size "
              + gc.path("vocab_size").asInt()
              + " differs from the discriminator's "
              + vocab
              + " ("
              + discDir.resolve("config.json")
              + ")");
    }
    try {
      return new ElectraConfig(
          vocab,
          dc.path("embedding_size").asInt(hidden),
          hidden,
          req(dc, "num_hidden_layers", discDir),
          req(dc, "num_attention_heads", discDir),
          req(dc, "intermediate_size", discDir),
          genHidden,
          genHeads,
          gc == null ? 4 * genHidden : req(gc, "intermediate_size", genDir),
          dc.path("max_position_embeddings").asInt(512),
          dc.path("hidden_dropout_prob").asDouble(0.1));
    } catch (IllegalArgumentException e) {
      throw new IOException(discDir.resolve("config.json") + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, SafeTensors.Tensor> tensors(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": missing (the model's weights)");
    }
    return SafeTensors.read(file).tensors();
  }

  private static void fill(
      ElectraModel model,
      Map<String, SafeTensors.Tensor> disc,
      Map<String, SafeTensors.Tensor> gen,
      Path discDir,
      Path genDir,
      boolean hasGen)
      throws IOException {
    for (Parameter p : model.parameters()) {
      String n = p.name();
      SafeTensors.Tensor t;
      Path from;
      if (n.startsWith("generator.")) {
        t = gen.get("electra." + n.substring("generator.".length()));
        from = genDir;
      } else if (n.startsWith("generator_")) {
        t = gen.get(n);
        from = genDir;
      } else {
        t = disc.get(n);
        from = discDir;
      }
      if (t == null) {
        if (!hasGen && from == genDir) {
          continue;
        }
        throw new IOException(
            from.resolve("model.safetensors")
                + ": tensor '"
                + (n.startsWith("generator.") ? "electra." + n.substring(10) : n)
                + "' is missing");
      }
      if (!java.util.Arrays.equals(t.shape(), p.shape())) {
        throw new IOException(
            from.resolve("model.safetensors")
                + ": tensor '"
                + n
                + "' has shape "
                + java.util.Arrays.toString(t.shape())
                + ", the model expects "
                + java.util.Arrays.toString(p.shape()));
      }
      INDArray v =
          t.dtype().equals("F64")
              ? Nd4j.create(t.toDoubles(), t.shape(), 'c')
              : Nd4j.create(t.toFloats(), t.shape(), 'c');
      p.assign(v.castTo(p.dataType()));
    }
  }

  private static JsonNode readConfig(Path file) throws IOException {
    JsonNode n = HfTokenizerFiles.readJsonObject(file);
    String type = n.path("model_type").asText("");
    if (!type.equals("electra")) {
      throw new IOException(file + ": model_type is '" + type + "', expected 'electra'");
    }
    return n;
  }

  private static int req(JsonNode n, String field, Path dir) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToInt()) {
      throw new IOException(
          dir.resolve("config.json") + ": field '" + field + "' is missing or not an integer");
    }
    return v.asInt();
  }
}
