package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.tmr.core.nn.EmbeddingConfig;
import io.tmr.core.nn.EncoderModel;
import io.tmr.core.nn.Parameters;
import io.tmr.core.nn.TransformerConfig;
import io.tmr.core.tensor.RandomStream;
import io.tmr.core.text.Vocabulary;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.electra.ElectraModel;
import io.tmr.models.pretrain.Preset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a fine-tuning trial's encoder comes from: a shape, the vocabulary it reads, and either
 * pretrained weights (copied once, loaded into a fresh model for every trial so trials never see
 * each other's updates) or none (a randomly initialised baseline, drawn from the trial's seed).
 *
 * <p>Parameters keep the HuggingFace names of the ELECTRA discriminator ({@code electra.*}), so the
 * weights of an {@link ElectraModel} — from a pretraining run or an imported HF folder — load by
 * name.
 */
public final class EncoderSource {
  /** Parameter prefix of the discriminator encoder. */
  public static final String PREFIX = "electra";

  private final String kind;
  private final String location;
  private final EmbeddingConfig embeddingConfig;
  private final TransformerConfig transformerConfig;
  private final Map<String, INDArray> weights;
  private final Vocabulary vocabulary;

  private EncoderSource(
      String kind,
      String location,
      EmbeddingConfig embeddingConfig,
      TransformerConfig transformerConfig,
      Map<String, INDArray> weights,
      Vocabulary vocabulary) {
    this.kind = checkNotNull(kind, "kind");
    this.location = location;
    this.embeddingConfig = checkNotNull(embeddingConfig, "embeddingConfig");
    this.transformerConfig = checkNotNull(transformerConfig, "transformerConfig");
    this.weights = weights;
    this.vocabulary = checkNotNull(vocabulary, "vocabulary");
    checkArgument(
        embeddingConfig.vocabSize() == vocabulary.size(),
        "the model has %s token embeddings but the vocabulary has %s tokens",
        embeddingConfig.vocabSize(),
        vocabulary.size());
  }

  /**
   * The discriminator of a pretrained pair, weights copied now.
   *
   * @param kind how it was obtained, e.g. {@code pretrained-run} or {@code huggingface}
   * @param location the run or model folder, for the record
   */
  public static EncoderSource pretrained(
      String kind, String location, ElectraModel model, Vocabulary vocabulary) {
    return pretrained(kind, location, model.discriminator(), vocabulary);
  }

  /** A pretrained encoder named {@code electra.*}, weights copied now. */
  public static EncoderSource pretrained(
      String kind, String location, EncoderModel encoder, Vocabulary vocabulary) {
    return new EncoderSource(
        kind,
        location,
        encoder.embeddings().config(),
        encoder.config(),
        Parameters.stateDict(encoder.parameters()),
        vocabulary);
  }

  /** A randomly initialised encoder of the given shape. */
  public static EncoderSource randomInit(
      EmbeddingConfig embeddingConfig, TransformerConfig transformerConfig, Vocabulary vocabulary) {
    return new EncoderSource(
        "random-init", null, embeddingConfig, transformerConfig, null, vocabulary);
  }

  /**
   * A randomly initialised discriminator of a pretraining preset's shape ({@code tiny}: E 128, H
   * 128, 2 layers, 2 heads; {@code small}: ELECTRA-Small, E 128, H 256, 12 layers, 4 heads), FFN
   * 4H, 512 positions, dropout 0.1, over {@code vocabulary} (the preset's own: the corpus
   * vocabulary for tiny, bert-base-uncased for small).
   */
  public static EncoderSource randomInit(String preset, Vocabulary vocabulary, DataType dataType) {
    ElectraConfig shape = Preset.of(preset).shape(vocabulary.size()).build();
    return randomInit(
        ElectraModel.embeddingConfig(shape, dataType, ElectraModel.INIT_STD),
        ElectraModel.discriminatorConfig(shape, dataType, ElectraModel.INIT_STD),
        vocabulary);
  }

  /**
   * A randomly initialised encoder of this source's shape and vocabulary: the no-pretraining
   * baseline.
   */
  public EncoderSource withRandomInit() {
    return new EncoderSource(
        "random-init", location, embeddingConfig, transformerConfig, null, vocabulary);
  }

  /**
   * A fresh encoder: the pretrained weights, or a random initialisation drawn from {@code
   * initSeed}.
   */
  public EncoderModel newEncoder(long initSeed) {
    EncoderModel model =
        EncoderModel.create(PREFIX, embeddingConfig, transformerConfig, new RandomStream(initSeed));
    if (weights != null) {
      Parameters.loadStateDict(model.parameters(), weights);
    }
    return model;
  }

  public boolean isPretrained() {
    return weights != null;
  }

  public String kind() {
    return kind;
  }

  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public EmbeddingConfig embeddingConfig() {
    return embeddingConfig;
  }

  public TransformerConfig transformerConfig() {
    return transformerConfig;
  }

  public DataType dataType() {
    return transformerConfig.dataType();
  }

  /** Kind, location, shape and vocabulary, for results.json and the manifest. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", kind);
    m.put("location", location);
    m.put("pretrainedWeights", weights != null);
    m.put("vocabSize", embeddingConfig.vocabSize());
    m.put("vocabSha256", vocabulary.sha256());
    m.put("embedding", embeddingConfig.embeddingSize());
    m.put("hidden", transformerConfig.hidden());
    m.put("layers", transformerConfig.layers());
    m.put("heads", transformerConfig.heads());
    m.put("intermediate", transformerConfig.intermediate());
    m.put("maxPositions", embeddingConfig.maxPositions());
    m.put("dataType", transformerConfig.dataType().toString());
    return m;
  }

  /** One line: kind, location and shape. */
  public String summary() {
    return kind
        + (location == null ? "" : " " + location)
        + " (E "
        + embeddingConfig.embeddingSize()
        + ", H "
        + transformerConfig.hidden()
        + ", "
        + transformerConfig.layers()
        + " layers, "
        + transformerConfig.heads()
        + " heads, vocab "
        + embeddingConfig.vocabSize()
        + ")";
  }
}
