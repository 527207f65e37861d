package io.tmr.models.pretrain;

import com.google.common.base.Preconditions;
import io.tmr.config.Config;
import io.tmr.core.nn.Parameter;
import io.tmr.core.optim.AdamW;
import io.tmr.core.optim.WarmupLinearDecay;
import io.tmr.core.tensor.RandomStream;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTokenizer;
import io.tmr.models.artefact.Provenance;
import io.tmr.models.data.DataOrder;
import io.tmr.models.data.ExampleBuilderConfig;
import io.tmr.models.data.Masker;
import io.tmr.models.data.MaskingConfig;
import io.tmr.models.data.PackedExamples;
import io.tmr.models.data.PretrainingData;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.electra.ElectraModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's parts, assembled from its configuration in one place and in a fixed order: the vocabulary
 * (trained on the corpus when the preset asks and it is missing), the tokenized examples, the model
 * and its initial biases, the two optimizers and the schedule, the masking, the seeded data order
 * and, last, the discriminator feed (from a {@link FeedContext}, never a half-built trainer).
 */
record PretrainSetup(
    Config config,
    long seed,
    int batch,
    int steps,
    int seqLength,
    Vocabulary vocab,
    PackedExamples train,
    PackedExamples validation,
    ElectraModel model,
    AdamW discOptimizer,
    AdamW genOptimizer,
    WarmupLinearDecay schedule,
    double temperature,
    MaskingConfig masking,
    Masker masker,
    CorpusBatches batches,
    DiscriminatorFeed feed) {

  private static final Logger log = LoggerFactory.getLogger(PretrainSetup.class);

  static PretrainSetup assemble(Config config, Function<FeedContext, DiscriminatorFeed> feedFactory)
      throws IOException {
    long seed = config.get(PretrainOptions.SEED);
    Preset preset = Preset.of(config.get(PretrainOptions.PRESET));
    int seqLength = config.get(PretrainOptions.SEQ_LENGTH);
    int batch = PretrainOptions.batchSize(config);
    int steps = PretrainOptions.steps(config);
    Path corpusDir = PretrainOptions.corpusDir(config.get(PretrainOptions.CORPUS));
    Vocabulary vocab = PretrainOptions.vocabulary(config, corpusDir);
    WordPieceTokenizer tok = new WordPieceTokenizer(vocab);
    ExampleBuilderConfig ex =
        new ExampleBuilderConfig(
            seqLength,
            config.get(PretrainOptions.SHORT_SEQ_PROB),
            config.get(PretrainOptions.SINGLE_SEGMENT_PROB));
    PackedExamples train =
        PretrainingData.load(corpusDir, PretrainingData.Split.TRAIN, tok, ex, seed);
    PackedExamples validation =
        PretrainingData.load(corpusDir, PretrainingData.Split.VALIDATION, tok, ex, seed);
    Preconditions.checkState(
        train.size() >= batch,
        "corpus %s has %s training examples, fewer than one batch of %s",
        corpusDir,
        train.size(),
        batch);
    ElectraConfig modelConfig = PretrainOptions.modelConfig(config, vocab.size());
    Preconditions.checkState(
        seqLength <= modelConfig.maxPositions(),
        "data.seqLength %s exceeds model.maxPositions %s",
        seqLength,
        modelConfig.maxPositions());
    DataType dt =
        config.get(PretrainOptions.DATA_TYPE).equals("float64") ? DataType.DOUBLE : DataType.FLOAT;
    ElectraModel model =
        new ElectraModel(
            modelConfig,
            dt,
            RandomStream.mix(seed ^ 0x1417L),
            config.get(PretrainOptions.INIT_STD));
    if (config.get(PretrainOptions.DISC_BIAS_INIT).equals("prior")) {
      model.initDiscriminatorPrior(config.get(PretrainOptions.MASK_PROB));
    }
    if (config.get(PretrainOptions.GEN_BIAS_INIT).equals("unigram")) {
      model.initGeneratorUnigramPrior(train.tokenCounts(vocab.size()));
    }
    AdamW.Config adam =
        AdamW.Config.electra()
            .withWeightDecay(config.get(PretrainOptions.WEIGHT_DECAY))
            .withBiasCorrection(config.get(PretrainOptions.BIAS_CORRECTION));
    Set<Parameter> genOnly = new HashSet<>(model.generatorOnlyParameters());
    List<Parameter> discSide = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      if (!genOnly.contains(p)) {
        discSide.add(p);
      }
    }
    double lr =
        config.get(PretrainOptions.LEARNING_RATE) > 0
            ? config.get(PretrainOptions.LEARNING_RATE)
            : preset.learningRate();
    int warmup =
        config.get(PretrainOptions.WARMUP) >= 0
            ? config.get(PretrainOptions.WARMUP)
            : Math.min(preset.warmup(), steps / 10);
    double temperature =
        config.get(PretrainOptions.TEMPERATURE) > 0
            ? config.get(PretrainOptions.TEMPERATURE)
            : preset.temperature();
    double maskProb = config.get(PretrainOptions.MASK_PROB);
    MaskingConfig masking =
        new MaskingConfig(
            maskProb,
            (int) Math.round(maskProb * seqLength),
            config.get(PretrainOptions.MASK_TOKEN_PROB));
    Masker masker =
        new Masker(masking, vocab.maskId(), vocab.clsId(), vocab.sepId(), vocab.padId());
    CorpusBatches batches =
        new CorpusBatches(
            train,
            new DataOrder(train.size(), RandomStream.mix(seed ^ 0xDA7AL)),
            masker,
            vocab.padId(),
            seed);
    DiscriminatorFeed feed =
        feedFactory.apply(new FeedContext(config, batch, steps, seqLength, vocab.size(), seed));
    return new PretrainSetup(
        config,
        seed,
        batch,
        steps,
        seqLength,
        vocab,
        train,
        validation,
        model,
        new AdamW(discSide, adam),
        new AdamW(model.generatorOnlyParameters(), adam),
        new WarmupLinearDecay(lr, warmup, steps),
        temperature,
        masking,
        masker,
        batches,
        feed);
  }

  /** The step, wired to this run's parts, reading {@link #batches()}. */
  TrainStep trainStep() {
    TrainStep.Settings s =
        new TrainStep.Settings(
            config.get(PretrainOptions.DISC_WEIGHT),
            config.get(PretrainOptions.CLIP_NORM),
            temperature,
            seed);
    return new TrainStep(
        model,
        discOptimizer,
        genOptimizer,
        schedule,
        feed,
        batches,
        s,
        batch,
        seqLength,
        masking.maxPredictions(),
        steps);
  }

  Validation validation(int evalBatches) {
    return new Validation(
        model,
        validation,
        masker,
        vocab.padId(),
        batch,
        seqLength,
        masking.maxPredictions(),
        evalBatches,
        temperature,
        seed);
  }

  /**
   * What a checkpoint of this run holds; {@code step} tells whether a generator batch was read
   * ahead ({@code null}: none).
   */
  CheckpointState checkpointState(Path dir, TrainStep step) {
    return new CheckpointState(
        dir,
        config.get(PretrainOptions.CHECKPOINT_KEEP),
        model,
        discOptimizer,
        genOptimizer,
        batches,
        feed,
        step,
        seed,
        provenance(),
        vocab);
  }

  /**
   * Where this run's model comes from: configuration, shape, number type, vocabulary, commit,
   * environment.
   */
  Provenance provenance() {
    return Provenance.of(
        "pretrain",
        config,
        model.config(),
        config.get(PretrainOptions.DATA_TYPE),
        vocab,
        feed.plugins());
  }
}
