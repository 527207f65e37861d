package io.tmr.core.onnx;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.core.nn.EmbeddingConfig;
import io.tmr.core.nn.EncoderModel;
import io.tmr.core.nn.Gelu;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.TransformerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Loads the weights of a BERT-family encoder exported to ONNX by {@code torch.onnx} (e.g.
 * all-MiniLM-L6-v2) into an {@link EncoderModel}.
 *
 * <p>PyTorch's exporter keeps the names of embeddings, biases and LayerNorm tensors but turns each
 * {@code nn.Linear} weight into an anonymous transposed initializer ({@code onnx::MatMul_N}, shape
 * {@code [in, out]}). Those are named by following the graph: the weight feeds a {@code MatMul}
 * whose output feeds an {@code Add} with a named {@code *.bias}; the weight is that name with
 * {@code .weight}, transposed to this project's {@code [out, in]}. Every parameter of the target
 * must be filled exactly once with a matching shape, or the import fails.
 */
public final class BertOnnxImporter {
  private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

  private BertOnnxImporter() {}

  /** What was imported: target parameter name to ONNX tensor name, and unused ONNX tensors. */
  public record Report(Map<String, String> sources, List<String> unusedInitializers) {}

  /**
   * All weights of the graph under HF names ({@code embeddings.*}, {@code encoder.layer.i.*}) in
   * this project's layout (linear weights {@code [out, in]}), as float arrays of the given type.
   */
  public static Map<String, INDArray> namedWeights(OnnxModel model, DataType dataType) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    collect(model, dataType, out, sources);
    return out;
  }

  private static void collect(
      OnnxModel model, DataType dataType, Map<String, INDArray> out, Map<String, String> sources) {
    for (OnnxTensor t : model.initializers().values()) {
      if (isNamedWeight(t)) {
        out.put(t.name(), t.toINDArray(dataType));
        sources.put(t.name(), t.name());
      }
    }
    for (OnnxNode node : model.nodes()) {
      if (!node.opType().equals("MatMul") || node.inputs().size() != 2) {
        continue;
      }
      Optional<OnnxTensor> weight = model.initializer(node.inputs().get(1));
      if (weight.isEmpty() || weight.get().dims().length != 2) {
        continue;
      }
      String biasName = biasAddedTo(model, node.outputs().get(0));
      if (biasName == null) {
        throw new OnnxFormatException(
            "MatMul "
                + node.name()
                + " with weight "
                + weight.get().name()
                + " is not followed by a named bias Add");
      }
      String name = biasName.substring(0, biasName.length() - ".bias".length()) + ".weight";
      INDArray value = weight.get().toINDArray(dataType).transpose().dup('c');
      if (out.put(name, value) != null) {
        throw new OnnxFormatException("two MatMul weights resolve to " + name);
      }
      sources.put(name, weight.get().name());
    }
  }

  private static boolean isNamedWeight(OnnxTensor t) {
    return (t.dataType() == OnnxTensor.FLOAT || t.dataType() == OnnxTensor.DOUBLE)
        && !t.name().startsWith("onnx::");
  }

  /** The named {@code *.bias} initializer added to {@code value} by an Add node, or null. */
  private static String biasAddedTo(OnnxModel model, String value) {
    for (OnnxNode consumer : model.consumers(value)) {
      if (!consumer.opType().equals("Add")) {
        continue;
      }
      for (String input : consumer.inputs()) {
        if (!input.equals(value)
            && input.endsWith(".bias")
            && model.initializer(input).isPresent()) {
          return input;
        }
      }
    }
    return null;
  }

  /**
   * Copies the ONNX weights into {@code target}, whose parameter names must be the ONNX names with
   * {@code targetPrefix + "."} in front (empty prefix: identical names).
   */
  public static Report load(OnnxModel model, EncoderModel target, String targetPrefix) {
    Map<String, INDArray> weights = new LinkedHashMap<>();
    Map<String, String> onnxNames = new LinkedHashMap<>();
    DataType dt = target.config().dataType();
    collect(model, dt, weights, onnxNames);
    Map<String, String> sources = new LinkedHashMap<>();
    TreeSet<String> unused = new TreeSet<>(weights.keySet());
    for (Parameter p : target.parameters()) {
      String key =
          targetPrefix == null || targetPrefix.isEmpty()
              ? p.name()
              : stripPrefix(p.name(), targetPrefix + ".");
      INDArray v = weights.get(key);
      checkArgument(
          v != null, "ONNX model has no tensor for parameter %s (looked for %s)", p.name(), key);
      checkArgument(
          Arrays.equals(v.shape(), p.shape()),
          "%s: ONNX shape %s, parameter shape %s",
          p.name(),
          Arrays.toString(v.shape()),
          Arrays.toString(p.shape()));
      p.assign(v);
      sources.put(p.name(), onnxNames.get(key));
      unused.remove(key);
    }
    return new Report(sources, new ArrayList<>(unused));
  }

  private static String stripPrefix(String name, String prefix) {
    checkArgument(name.startsWith(prefix), "parameter %s lacks prefix %s", name, prefix);
    return name.substring(prefix.length());
  }

  /**
   * The encoder configuration implied by the weights (hidden, layers, FFN width, vocabulary,
   * positions, segments) and the graph's LayerNorm epsilon; heads cannot be read from weights and
   * are given. Dropout is set to the BERT defaults (inactive in inference), GELU to the exact form.
   */
  public static Shapes inferShapes(OnnxModel model, int heads, DataType dataType) {
    OnnxTensor word = require(model, "embeddings.word_embeddings.weight");
    OnnxTensor position = require(model, "embeddings.position_embeddings.weight");
    OnnxTensor type = require(model, "embeddings.token_type_embeddings.weight");
    int layers = 0;
    for (String name : model.initializers().keySet()) {
      Matcher m = LAYER.matcher(name);
      if (m.find()) {
        layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
      }
    }
    int hidden = (int) require(model, "encoder.layer.0.attention.output.dense.bias").elementCount();
    int intermediate =
        (int) require(model, "encoder.layer.0.intermediate.dense.bias").elementCount();
    double eps = layerNormEpsilon(model).orElse(1e-12);
    long[] wd = word.dims();
    EmbeddingConfig embeddings =
        new EmbeddingConfig(
            (int) wd[0],
            (int) wd[1],
            (int) position.dims()[0],
            (int) type.dims()[0],
            eps,
            0.1,
            0.02,
            dataType);
    TransformerConfig encoder =
        new TransformerConfig(
            hidden, layers, heads, intermediate, 0.1, 0.1, eps, 0.02, Gelu.ERF, dataType);
    return new Shapes(embeddings, encoder);
  }

  /** Embedding and encoder configurations. */
  public record Shapes(EmbeddingConfig embeddings, TransformerConfig encoder) {}

  private static OnnxTensor require(OnnxModel model, String name) {
    return model
        .initializer(name)
        .orElseThrow(() -> new OnnxFormatException("missing initializer " + name));
  }

  /**
   * The epsilon of the first decomposed LayerNorm: PyTorch exports {@code sqrt(mean(d^2) + eps)} as
   * ReduceMean, Add(constant), Sqrt; the constant is read from its Constant node.
   */
  static Optional<Double> layerNormEpsilon(OnnxModel model) {
    Map<String, OnnxNode> producers = new LinkedHashMap<>();
    for (OnnxNode n : model.nodes()) {
      for (String o : n.outputs()) {
        producers.put(o, n);
      }
    }
    for (OnnxNode sqrt : model.nodes()) {
      if (!sqrt.opType().equals("Sqrt")) {
        continue;
      }
      OnnxNode add = producers.get(sqrt.inputs().get(0));
      if (add == null || !add.opType().equals("Add")) {
        continue;
      }
      for (String input : add.inputs()) {
        OnnxNode c = producers.get(input);
        if (c != null
            && c.opType().equals("Constant")
            && c.attributes().get("value") instanceof OnnxTensor t
            && t.elementCount() == 1) {
          return Optional.of((double) t.floats()[0]);
        }
      }
    }
    return Optional.empty();
  }
}
