package io.tmr.models.pretrain;

import io.tmr.config.Config;
import io.tmr.config.ConfigKey;
import io.tmr.config.ConfigSpec;
import io.tmr.core.corpus.CorpusBuilder;
import io.tmr.core.corpus.CorpusReader;
import io.tmr.core.io.TmrHome;
import io.tmr.core.text.Vocabularies;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every pretraining option, with its default and meaning. Model and data sizes of 0 (and an empty
 * vocabulary) mean "take the preset's value", so a preset is a starting point and any field can be
 * overridden.
 */
public final class PretrainOptions {
  private static final Logger log = LoggerFactory.getLogger(PretrainOptions.class);

  private PretrainOptions() {}

  public static final ConfigKey<String> RUN_NAME =
      ConfigKey.string("run.name", "electra", "run name: runs/<name>/<id>/");
  public static final ConfigKey<Long> SEED =
      ConfigKey.longInt(
          "run.seed", 1, "seed of initialisation, data order, masking, sampling and dropout");

  public static final ConfigKey<String> PRESET =
      ConfigKey.choice(
          "model.preset",
          "tiny",
          "model shape preset (tiny: CPU quickstart; small: ELECTRA-Small; base: ELECTRA-Base)",
          List.of("tiny", "small", "base"));
  public static final ConfigKey<Integer> EMBEDDING =
      ConfigKey.integer("model.embeddingSize", 0, "shared embedding width E (0: preset)", 0, 4096);
  public static final ConfigKey<Integer> HIDDEN =
      ConfigKey.integer("model.hidden", 0, "discriminator hidden size (0: preset)", 0, 4096);
  public static final ConfigKey<Integer> LAYERS =
      ConfigKey.integer("model.layers", 0, "layers of both encoders (0: preset)", 0, 48);
  public static final ConfigKey<Integer> HEADS =
      ConfigKey.integer("model.heads", 0, "discriminator attention heads (0: preset)", 0, 64);
  public static final ConfigKey<Integer> INTERMEDIATE =
      ConfigKey.integer(
          "model.intermediate", 0, "discriminator FFN width (0: 4 x hidden)", 0, 16384);
  public static final ConfigKey<Double> GENERATOR_FRACTION =
      ConfigKey.real(
          "model.generatorFraction",
          0.25,
          "generator hidden size as a fraction of the discriminator's (ELECTRA: 1/4)",
          0.01,
          1);
  public static final ConfigKey<Double> DROPOUT =
      ConfigKey.real("model.dropout", 0.1, "hidden and attention dropout", 0, 0.9);
  public static final ConfigKey<Integer> MAX_POSITIONS =
      ConfigKey.integer("model.maxPositions", 512, "position embeddings", 8, 8192);
  public static final ConfigKey<String> DISC_BIAS_INIT =
      ConfigKey.choice(
          "model.discriminatorBiasInit",
          "prior",
          "initial output bias of the replaced-token head: 'prior' = log-odds of data.maskProb (starts at the base rate; without it a small "
              + "discriminator collapses to a constant prediction in its first steps, see docs/pretraining.md), 'zero' = ELECTRA's",
          List.of("prior", "zero"));
  public static final ConfigKey<String> GEN_BIAS_INIT =
      ConfigKey.choice(
          "model.generatorBiasInit",
          "unigram",
          "initial output bias of the generator's MLM head: 'unigram' = log token frequencies of the training split (starts at the unigram "
              + "prediction), 'zero' = ELECTRA's; see docs/pretraining.md",
          List.of("unigram", "zero"));
  public static final ConfigKey<Double> INIT_STD =
      ConfigKey.real(
          "model.initStd",
          0.02,
          "std of the truncated-normal initialisation of weights and embeddings (ELECTRA/BERT: 0.02, tuned for wide models)",
          1e-6,
          10);
  public static final ConfigKey<String> DATA_TYPE =
      ConfigKey.choice(
          "model.dataType",
          "float32",
          "floating-point type of parameters and activations",
          List.of("float32", "float64"));

  public static final ConfigKey<String> CORPUS =
      ConfigKey.string(
          "data.corpus", "npm", "corpus name under $TMR_HOME/corpus or a corpus folder");
  public static final ConfigKey<String> VOCAB =
      ConfigKey.string(
          "data.vocab",
          "",
          "vocabulary: bert-base-uncased, a vocab.txt, or a trained name ('' = preset: tiny trains/uses <corpus>-8000, others bert-base-uncased)");
  public static final ConfigKey<Integer> SEQ_LENGTH =
      ConfigKey.integer("data.seqLength", 128, "tokens per example", 8, 4096);
  public static final ConfigKey<Double> SHORT_SEQ_PROB =
      ConfigKey.real(
          "data.shortSeqProb", 0.05, "chance of a short target length (uniform in [5, L])", 0, 1);
  public static final ConfigKey<Double> SINGLE_SEGMENT_PROB =
      ConfigKey.real("data.singleSegmentProb", 0.1, "chance of a single-segment example", 0, 1);
  public static final ConfigKey<Double> MASK_PROB =
      ConfigKey.real("data.maskProb", 0.15, "share of tokens selected for prediction", 0.01, 0.99);
  public static final ConfigKey<Double> MASK_TOKEN_PROB =
      ConfigKey.real(
          "data.maskTokenProb",
          0.85,
          "share of selected tokens replaced by [MASK] (the rest keep their token)",
          0,
          1);

  public static final ConfigKey<Integer> BATCH =
      ConfigKey.integer("train.batchSize", 0, "sequences per step (0: preset)", 0, 65536);
  public static final ConfigKey<Integer> STEPS =
      ConfigKey.integer("train.steps", 0, "optimizer steps (0: preset)", 0, Integer.MAX_VALUE);
  public static final ConfigKey<Double> STEPS_MULTIPLIER =
      ConfigKey.real(
          "train.stepsMultiplier",
          1,
          "multiplies train.steps (rounded): arms of one experiment at different budgets, e.g. TMR with replay.freshFraction 0.5 at 2 "
              + "for as many fresh examples as ELECTRA at 1",
          0.01,
          1000);
  public static final ConfigKey<Double> LEARNING_RATE =
      ConfigKey.real("train.learningRate", 0, "peak learning rate (0: preset)", 0, 1);
  public static final ConfigKey<Integer> WARMUP =
      ConfigKey.integer(
          "train.warmupSteps",
          -1,
          "linear warm-up steps, overlapping the linear decay (-1: preset)",
          -1,
          Integer.MAX_VALUE);
  public static final ConfigKey<Double> WEIGHT_DECAY =
      ConfigKey.real(
          "train.weightDecay",
          0.01,
          "decoupled weight decay (not on LayerNorm weights or biases)",
          0,
          1);
  public static final ConfigKey<Boolean> BIAS_CORRECTION =
      ConfigKey.bool("train.biasCorrection", false, "Adam bias correction (ELECTRA: off)");
  public static final ConfigKey<Double> CLIP_NORM =
      ConfigKey.real(
          "train.clipNorm",
          1.0,
          "global gradient-norm clipping threshold (0: no clipping)",
          0,
          1e9);
  public static final ConfigKey<Double> DISC_WEIGHT =
      ConfigKey.real("train.discWeight", 50, "discriminator loss weight (ELECTRA: 50)", 0, 1e6);
  public static final ConfigKey<Double> TEMPERATURE =
      ConfigKey.real(
          "train.temperature",
          0,
          "generator sampling temperature (0: preset; tiny 2.0 so its discriminator leaves the base rate within the CPU budget, small/base 1.0 as ELECTRA; see docs/pretraining.md)",
          0,
          100);
  public static final ConfigKey<Integer> TIME_BUDGET =
      ConfigKey.integer(
          "train.timeBudgetSeconds",
          0,
          "stop (with a checkpoint) after this many seconds of training (0: no limit)",
          0,
          Integer.MAX_VALUE);

  public static final ConfigKey<Integer> LOG_EVERY =
      ConfigKey.integer("log.every", 10, "steps between metrics.csv rows", 1, Integer.MAX_VALUE);
  public static final ConfigKey<Integer> EVAL_EVERY =
      ConfigKey.integer(
          "eval.every",
          200,
          "steps between validation evaluations (also at the first and last step)",
          1,
          Integer.MAX_VALUE);
  public static final ConfigKey<Integer> EVAL_BATCHES =
      ConfigKey.integer(
          "eval.batches",
          8,
          "validation batches per evaluation (fixed examples and masks)",
          1,
          100000);
  public static final ConfigKey<Integer> CHECKPOINT_EVERY =
      ConfigKey.integer(
          "checkpoint.every",
          500,
          "steps between checkpoints (also at the end)",
          1,
          Integer.MAX_VALUE);
  public static final ConfigKey<Integer> CHECKPOINT_KEEP =
      ConfigKey.integer("checkpoint.keep", 2, "most recent checkpoints kept", 1, 1000);

  /** {@code train.batchSize}, or the preset's when 0. */
  public static int batchSize(Config c) {
    int v = c.get(BATCH);
    return v > 0 ? v : Preset.of(c.get(PRESET)).batch();
  }

  /**
   * {@code train.steps} (the preset's when 0) times {@code train.stepsMultiplier}, rounded, at
   * least 1.
   */
  public static int steps(Config c) {
    int v = c.get(STEPS);
    long base = v > 0 ? v : Preset.of(c.get(PRESET)).steps();
    return (int)
        Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(base * c.get(STEPS_MULTIPLIER))));
  }

  /**
   * The model shape {@code c} describes for a vocabulary of {@code vocabSize}: the preset's, with
   * any field overridden.
   */
  public static io.tmr.models.electra.ElectraConfig modelConfig(Config c, int vocabSize) {
    Preset preset = Preset.of(c.get(PRESET));
    int hidden = pick(c.get(HIDDEN), preset.hidden());
    return preset
        .shape(vocabSize)
        .embedding(pick(c.get(EMBEDDING), preset.embedding()))
        .hidden(hidden)
        .layers(pick(c.get(LAYERS), preset.layers()))
        .heads(pick(c.get(HEADS), preset.heads()))
        .intermediate(pick(c.get(INTERMEDIATE), 4 * hidden))
        .generatorFraction(c.get(GENERATOR_FRACTION))
        .maxPositions(c.get(MAX_POSITIONS))
        .dropout(c.get(DROPOUT))
        .build();
  }

  private static int pick(int value, int presetValue) {
    return value > 0 ? value : presetValue;
  }

  /** A corpus folder, or the corpus of that name under $TMR_HOME/corpus. */
  public static java.nio.file.Path corpusDir(String nameOrDir) {
    Path p = Path.of(nameOrDir);
    return Files.isDirectory(p)
        ? p.toAbsolutePath().normalize()
        : TmrHome.corpora().resolve(nameOrDir);
  }

  /**
   * The vocabulary named by {@code data.vocab}, or the preset's (training the corpus vocabulary
   * when missing).
   */
  public static Vocabulary vocabulary(Config config, Path corpusDir) throws IOException {
    Preset preset = Preset.of(config.get(PRESET));
    String spec = config.get(VOCAB);
    if (!spec.isEmpty()) {
      return Vocabularies.resolve(spec);
    }
    if (!preset.trainedVocab()) {
      return Vocabularies.bertBaseUncased();
    }
    String name = corpusDir.getFileName() + "-8000";
    Path file = TmrHome.vocabularies().resolve(name + ".txt");
    if (!Files.isRegularFile(file)) {
      log.info("training vocabulary {} (8,000 tokens) on {}", name, corpusDir);
      WordPieceTrainer trainer = new WordPieceTrainer(8000, 2, 1000);
      CorpusReader.read(corpusDir.resolve(CorpusBuilder.TRAIN), d -> trainer.addText(d.text()));
      trainer.train().write(file);
    }
    return Vocabulary.load(file);
  }

  /** The pretraining options without replay. */
  public static ConfigSpec electraSpec() {
    return new ConfigSpec()
        .add(
            RUN_NAME,
            SEED,
            PRESET,
            EMBEDDING,
            HIDDEN,
            LAYERS,
            HEADS,
            INTERMEDIATE,
            GENERATOR_FRACTION,
            DROPOUT,
            DISC_BIAS_INIT,
            GEN_BIAS_INIT,
            INIT_STD,
            MAX_POSITIONS,
            DATA_TYPE,
            CORPUS,
            VOCAB,
            SEQ_LENGTH,
            SHORT_SEQ_PROB,
            SINGLE_SEGMENT_PROB,
            MASK_PROB,
            MASK_TOKEN_PROB,
            BATCH,
            STEPS,
            STEPS_MULTIPLIER,
            LEARNING_RATE,
            WARMUP,
            WEIGHT_DECAY,
            BIAS_CORRECTION,
            CLIP_NORM,
            DISC_WEIGHT,
            TEMPERATURE,
            TIME_BUDGET,
            LOG_EVERY,
            EVAL_EVERY,
            EVAL_BATCHES,
            CHECKPOINT_EVERY,
            CHECKPOINT_KEEP);
  }
}
