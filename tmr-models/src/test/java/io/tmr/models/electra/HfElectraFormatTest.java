package io.tmr.models.electra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.io.SafeTensors;
import io.tmr.core.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class HfElectraFormatTest {
  @TempDir Path tmp;

  static ElectraConfig small() {
    return ElectraConfig.builder()
        .vocab(50)
        .embedding(8)
        .hidden(32)
        .layers(2)
        .heads(2)
        .intermediate(64)
        .generatorFraction(0.5)
        .maxPositions(64)
        .dropout(0.1)
        .build();
  }

  @Test
  void exportThenImportRestoresEveryParameterExactly() throws IOException {
    ElectraModel a = new ElectraModel(small(), DataType.FLOAT, 1);
    HfElectraFormat.export(a, tmp.resolve("hf"));
    ElectraModel b = HfElectraFormat.load(tmp.resolve("hf"), DataType.FLOAT, 999);
    List<Parameter> pa = a.parameters();
    List<Parameter> pb = b.parameters();
    assertEquals(pa.size(), pb.size());
    for (int i = 0; i < pa.size(); i++) {
      assertEquals(pa.get(i).name(), pb.get(i).name());
      assertArrayEquals(
          pa.get(i).value().data().asFloat(), pb.get(i).value().data().asFloat(), pa.get(i).name());
    }
    Map<String, SafeTensors.Tensor> disc =
        SafeTensors.read(tmp.resolve("hf/discriminator/model.safetensors")).tensors();
    Map<String, SafeTensors.Tensor> gen =
        SafeTensors.read(tmp.resolve("hf/generator/model.safetensors")).tensors();
    assertTrue(disc.containsKey("electra.encoder.layer.1.attention.self.query.weight"));
    assertTrue(disc.containsKey("discriminator_predictions.dense_prediction.weight"));
    assertTrue(
        gen.containsKey("electra.embeddings_project.weight")
            && gen.containsKey("generator_lm_head.bias"));
    assertTrue(
        gen.keySet().stream().noneMatch(k -> k.startsWith("generator.")),
        "generator tensors use HF's electra.* names");
    String cfg = Files.readString(tmp.resolve("hf/generator/config.json"));
    com.fasterxml.jackson.databind.JsonNode n =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(cfg);
    assertEquals(16, n.get("hidden_size").asInt(), cfg);
    assertEquals("ElectraForMaskedLM", n.get("architectures").get(0).asText());
  }

  @Test
  void anExportedModelWithAFlippedByteIsRefusedByItsDigest() throws IOException {
    ElectraModel a = new ElectraModel(small(), DataType.FLOAT, 1);
    HfElectraFormat.export(a, tmp.resolve("hf"));
    Path weights = tmp.resolve("hf/discriminator/model.safetensors");
    byte[] b = Files.readAllBytes(weights);
    b[b.length - 5] ^= 0x01;
    Files.write(weights, b);
    IOException e =
        assertThrows(
            IOException.class, () -> HfElectraFormat.load(tmp.resolve("hf"), DataType.FLOAT, 1));
    assertTrue(
        e.getMessage().startsWith(weights.toString()) && e.getMessage().contains("CRC32C"),
        e.getMessage());
  }

  @Test
  void aMalformedConfigJsonIsAnErrorNamingTheFileLineAndColumn() throws IOException {
    ElectraModel a = new ElectraModel(small(), DataType.FLOAT, 1);
    HfElectraFormat.export(a, tmp.resolve("hf"));
    Path config = tmp.resolve("hf/discriminator/config.json");
    String json = Files.readString(config);
    Files.writeString(config, json.substring(0, json.length() / 2));
    IOException truncated =
        assertThrows(
            IOException.class, () -> HfElectraFormat.load(tmp.resolve("hf"), DataType.FLOAT, 1));
    assertTrue(
        truncated.getMessage().startsWith(config + ": not valid JSON: line "),
        truncated.getMessage());
    Files.writeString(config, "{\"model_type\": \"electra\", \"model_type\": \"bert\"}");
    IOException twice =
        assertThrows(
            IOException.class, () -> HfElectraFormat.load(tmp.resolve("hf"), DataType.FLOAT, 1));
    assertTrue(
        twice.getMessage().contains(config.toString()) && twice.getMessage().contains("model_type"),
        twice.getMessage());
  }

  @Test
  void importsAFileWrittenByHandInHuggingFaceLayout() throws IOException {
    ElectraModel reference = new ElectraModel(small(), DataType.FLOAT, 7);
    Path disc = Files.createDirectories(tmp.resolve("hand/discriminator"));
    Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
    float marker = 0.125f;
    for (Parameter p : reference.parameters()) {
      if (p.name().startsWith("electra.") || p.name().startsWith("discriminator_predictions.")) {
        float[] v = new float[(int) p.length()];
        java.util.Arrays.fill(v, marker);
        tensors.put(p.name(), SafeTensors.Tensor.of(v, p.shape()));
      }
    }
    SafeTensors.write(disc.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
    Files.writeString(
        disc.resolve("config.json"),
        """
        {"model_type": "electra", "vocab_size": 50, "embedding_size": 8, "hidden_size": 32, "num_hidden_layers": 2,
         "num_attention_heads": 2, "intermediate_size": 64, "max_position_embeddings": 64, "hidden_dropout_prob": 0.1}
        """);
    ElectraModel m = HfElectraFormat.load(tmp.resolve("hand"), DataType.FLOAT, 3);
    Parameter q =
        m.parameters().stream()
            .filter(p -> p.name().equals("electra.encoder.layer.0.attention.self.query.weight"))
            .findFirst()
            .orElseThrow();
    for (float f : q.value().data().asFloat()) {
      assertEquals(marker, f);
    }
    tensors.remove("electra.embeddings.LayerNorm.bias");
    SafeTensors.write(disc.resolve("model.safetensors"), tensors, Map.of());
    IOException e =
        assertThrows(
            IOException.class, () -> HfElectraFormat.load(tmp.resolve("hand"), DataType.FLOAT, 3));
    assertTrue(
        e.getMessage().contains("electra.embeddings.LayerNorm.bias")
            && e.getMessage().contains("missing"),
        e.getMessage());
  }
}
