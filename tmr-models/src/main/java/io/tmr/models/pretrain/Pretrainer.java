package io.tmr.models.pretrain;

import com.google.common.base.Preconditions;
import io.tmr.config.Config;
import io.tmr.core.io.Progress;
import io.tmr.core.io.TmrHome;
import io.tmr.core.nn.Context;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.optim.AdamW;
import io.tmr.core.optim.GradientClipping;
import io.tmr.core.optim.WarmupLinearDecay;
import io.tmr.core.run.MetricsLog;
import io.tmr.core.run.RunDirectory;
import io.tmr.core.tensor.RandomStream;
import io.tmr.core.text.Vocabularies;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTokenizer;
import io.tmr.models.data.DataOrder;
import io.tmr.models.data.ExampleBuilderConfig;
import io.tmr.models.data.MaskedBatch;
import io.tmr.models.data.Masker;
import io.tmr.models.data.MaskingConfig;
import io.tmr.models.data.PackedExamples;
import io.tmr.models.data.PretrainingData;
import io.tmr.models.electra.CorruptedBatch;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.electra.ElectraModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pretraining loop. Each step: take the next {@code batch} training examples in the seeded epoch
 * order, mask them, run the generator (MLM loss, sampled replacements), let the {@link
 * DiscriminatorFeed} compose the discriminator batch, run the discriminator (× {@code discWeight}),
 * clip the global gradient norm, and apply AdamW (the generator's own parameters only on steps where
 * it ran).
 *
 * <p>Determinism: every random stream of step {@code t} (masking, sampling, dropout) is seeded by a
 * hash of (seed, t, purpose), so the state to resume is the parameters, the optimizer moments, the
 * data position and the feed's snapshot — all in the checkpoint. A run killed at any point and
 * resumed from its last checkpoint reproduces the uninterrupted run bit for bit.
 */
public final class Pretrainer {
  private static final Logger log = LoggerFactory.getLogger(Pretrainer.class);
  private static final long PURPOSE_MASK = 1;
  private static final long PURPOSE_SAMPLE = 2;
  private static final long PURPOSE_DROPOUT = 3;
  private static final long PURPOSE_EVAL = 4;
  private static final long PURPOSE_GENERATOR_DROPOUT = 5;
  /** Checkpoint name prefixes of the two optimizers' states. */
  private static final String DISC_OPT = "optimizer.discriminator/";
  private static final String GEN_OPT = "optimizer.generator/";

  /** The columns every run logs. */
  public static final List<String> BASE_COLUMNS = List.of("step", "fresh_sequences", "disc_sequences", "tokens", "lr", "loss", "mlm_loss",
      "mlm_acc", "sampled_acc", "disc_loss", "disc_loss_unweighted", "disc_acc", "disc_precision", "disc_recall", "disc_auc", "replaced_frac", "grad_norm",
      "tokens_per_s", "step_ms", "generator_ms", "discriminator_ms", "feed_ms", "optimizer_ms", "val_mlm_loss", "val_mlm_acc",
      "val_sampled_acc", "val_disc_loss", "val_disc_acc", "val_disc_precision", "val_disc_recall", "val_disc_auc", "val_replaced_frac");

  private final Config config;
  private final RunDirectory run;
  private final long seed;
  private final Preset preset;
  private final ElectraConfig modelConfig;
  private final int batch;
  private final int steps;
  private final int seqLength;
  private final Vocabulary vocab;
  private final PackedExamples train;
  private final PackedExamples validation;
  private final ElectraModel model;
  private final AdamW discOptimizer;
  private final AdamW genOptimizer;
  private final double temperature;
  private final WarmupLinearDecay schedule;
  private final DiscriminatorFeed feed;
  /** Rows per generator step (the feed decides: TMR's fresh-once generator makes only what is used fresh). */
  private final int generatorRows;
  private final DataOrder order;
  private final Masker masker;
  private final MaskingConfig masking;
  private long step;
  private long freshSequences;
  private long discSequences;
  private long tokens;
  private Map<String, Double> lastEval = Map.of();
  private AsyncGenerator async;
  private int epochBeforeLaunch;
  private int offsetBeforeLaunch;

  /** Outcome of {@link #run}. */
  public record Result(long steps, long freshSequences, long discSequences, long tokens, double seconds, Map<String, Double> firstEval,
      Map<String, Double> lastEval, Path runDir, String status) {}

  private Pretrainer(Config config, RunDirectory run, Function<Pretrainer, DiscriminatorFeed> feedFactory) throws IOException {
    this.config = config;
    this.run = run;
    this.seed = config.get(PretrainOptions.SEED);
    this.preset = Preset.of(config.get(PretrainOptions.PRESET));
    this.seqLength = config.get(PretrainOptions.SEQ_LENGTH);
    this.batch = PretrainOptions.batchSize(config);
    this.steps = PretrainOptions.steps(config);
    Path corpusDir = corpusDir(config.get(PretrainOptions.CORPUS));
    this.vocab = resolveVocabulary(config, preset, corpusDir);
    WordPieceTokenizer tok = new WordPieceTokenizer(vocab);
    ExampleBuilderConfig ex = new ExampleBuilderConfig(seqLength, config.get(PretrainOptions.SHORT_SEQ_PROB), config.get(PretrainOptions.SINGLE_SEGMENT_PROB));
    this.train = PretrainingData.load(corpusDir, PretrainingData.Split.TRAIN, tok, ex, seed);
    this.validation = PretrainingData.load(corpusDir, PretrainingData.Split.VALIDATION, tok, ex, seed);
    Preconditions.checkState(train.size() >= batch, "corpus %s has %s training examples, fewer than one batch of %s", corpusDir, train.size(), batch);
    int hidden = pick(config.get(PretrainOptions.HIDDEN), preset.hidden());
    this.modelConfig = ElectraConfig.of(vocab.size(), pick(config.get(PretrainOptions.EMBEDDING), preset.embedding()), hidden,
        pick(config.get(PretrainOptions.LAYERS), preset.layers()), pick(config.get(PretrainOptions.HEADS), preset.heads()),
        pick(config.get(PretrainOptions.INTERMEDIATE), 4 * hidden), config.get(PretrainOptions.GENERATOR_FRACTION),
        config.get(PretrainOptions.MAX_POSITIONS), config.get(PretrainOptions.DROPOUT));
    Preconditions.checkState(seqLength <= modelConfig.maxPositions(), "data.seqLength %s exceeds model.maxPositions %s", seqLength, modelConfig.maxPositions());
    DataType dt = config.get(PretrainOptions.DATA_TYPE).equals("float64") ? DataType.DOUBLE : DataType.FLOAT;
    this.model = new ElectraModel(modelConfig, dt, RandomStream.mix(seed ^ 0x1417L), config.get(PretrainOptions.INIT_STD));
    if (config.get(PretrainOptions.DISC_BIAS_INIT).equals("prior")) {
      model.initDiscriminatorPrior(config.get(PretrainOptions.MASK_PROB));
    }
    if (config.get(PretrainOptions.GEN_BIAS_INIT).equals("unigram")) {
      model.initGeneratorUnigramPrior(train.tokenCounts(vocab.size()));
    }
    AdamW.Config adam = AdamW.Config.electra().withWeightDecay(config.get(PretrainOptions.WEIGHT_DECAY))
        .withBiasCorrection(config.get(PretrainOptions.BIAS_CORRECTION));
    Set<Parameter> genOnly = new HashSet<>(model.generatorOnlyParameters());
    List<Parameter> discSide = new ArrayList<>();
    for (Parameter p : model.parameters()) {
      if (!genOnly.contains(p)) {
        discSide.add(p);
      }
    }
    this.discOptimizer = new AdamW(discSide, adam);
    this.genOptimizer = new AdamW(model.generatorOnlyParameters(), adam);
    double lr = config.get(PretrainOptions.LEARNING_RATE) > 0 ? config.get(PretrainOptions.LEARNING_RATE) : preset.learningRate();
    int warmup = config.get(PretrainOptions.WARMUP) >= 0 ? config.get(PretrainOptions.WARMUP) : Math.min(preset.warmup(), steps / 10);
    this.schedule = new WarmupLinearDecay(lr, warmup, steps);
    this.temperature = config.get(PretrainOptions.TEMPERATURE) > 0 ? config.get(PretrainOptions.TEMPERATURE) : preset.temperature();
    this.masking = new MaskingConfig(config.get(PretrainOptions.MASK_PROB), (int) Math.round(config.get(PretrainOptions.MASK_PROB) * seqLength),
        config.get(PretrainOptions.MASK_TOKEN_PROB));
    this.masker = new Masker(masking, vocab.maskId(), vocab.clsId(), vocab.sepId(), vocab.padId());
    this.order = new DataOrder(train.size(), RandomStream.mix(seed ^ 0xDA7AL));
    this.feed = feedFactory.apply(this);
    this.generatorRows = feed.generatorRows(batch);
  }

  private static int pick(int value, int presetValue) {
    return value > 0 ? value : presetValue;
  }

  static Path corpusDir(String nameOrDir) {
    Path p = Path.of(nameOrDir);
    return Files.isDirectory(p) ? p.toAbsolutePath().normalize() : TmrHome.corpora().resolve(nameOrDir);
  }

  /** The vocabulary named by {@code data.vocab}, or the preset's (training the corpus vocabulary when missing). */
  static Vocabulary resolveVocabulary(Config config, Preset preset, Path corpusDir) throws IOException {
    String spec = config.get(PretrainOptions.VOCAB);
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
      io.tmr.core.text.WordPieceTrainer trainer = new io.tmr.core.text.WordPieceTrainer(8000, 2, 1000);
      io.tmr.core.corpus.CorpusReader.read(corpusDir.resolve(io.tmr.core.corpus.CorpusBuilder.TRAIN), d -> trainer.addText(d.text()));
      trainer.train().write(file);
    }
    return Vocabulary.load(file);
  }

  /** Starts a new run in {@code runDir}. */
  public static Pretrainer create(Config config, Path runDir, Function<Pretrainer, DiscriminatorFeed> feed) throws IOException {
    RunDirectory run = RunDirectory.create(runDir, "pretrain", config, config.get(PretrainOptions.SEED));
    return new Pretrainer(config, run, feed);
  }

  /** Reopens {@code runDir} (its config.yaml) and restores the newest checkpoint. */
  public static Pretrainer resume(Path runDir, ConfigFactory configs, Function<Pretrainer, DiscriminatorFeed> feed) throws IOException {
    Config config = configs.load(runDir.resolve(RunDirectory.CONFIG));
    Path ckpt = Checkpoint.latest(runDir.resolve("checkpoints"));
    long from = ckpt == null ? 0 : Checkpoint.stepOf(ckpt);
    RunDirectory run = RunDirectory.resume(runDir, from);
    Pretrainer p = new Pretrainer(config, run, feed);
    if (ckpt != null) {
      p.restore(Checkpoint.load(ckpt));
      log.info("resumed {} from {} (step {})", runDir, ckpt.getFileName(), from);
    } else {
      log.info("no checkpoint in {}; starting from step 0", runDir);
    }
    return p;
  }

  /**
   * Loads a run's newest checkpoint without recording a resume in its manifest (export, fine-tuning
   * and inspection read a run; they do not continue it).
   */
  public static Pretrainer resumeForInspection(Path runDir, ConfigFactory configs, Function<Pretrainer, DiscriminatorFeed> feed) throws IOException {
    Config config = configs.load(runDir.resolve(RunDirectory.CONFIG));
    Path ckpt = Checkpoint.latest(runDir.resolve("checkpoints"));
    if (ckpt == null) {
      throw new IOException(runDir + " has no checkpoint");
    }
    Pretrainer p = new Pretrainer(config, null, feed);
    p.restore(Checkpoint.load(ckpt));
    return p;
  }

  /** Reads a run's config.yaml back into a {@link Config} (the spec depends on the trainer). */
  @FunctionalInterface
  public interface ConfigFactory {
    Config load(Path configYaml) throws IOException;
  }

  public Config config() {
    return config;
  }

  public ElectraModel model() {
    return model;
  }

  public Vocabulary vocabulary() {
    return vocab;
  }

  public int batchSize() {
    return batch;
  }

  public int totalSteps() {
    return steps;
  }

  public int seqLength() {
    return seqLength;
  }

  public long seed() {
    return seed;
  }

  public RunDirectory runDirectory() {
    return run;
  }

  public long step() {
    return step;
  }

  private void restore(Checkpoint.Loaded c) throws IOException {
    Map<String, INDArray> params = new LinkedHashMap<>();
    Map<String, INDArray> opt = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    for (Parameter p : model.parameters()) {
      names.add(p.name());
    }
    c.arrays().forEach((k, v) -> (names.contains(k) ? params : opt).put(k, v));
    Parameters.loadStateDict(model.parameters(), params);
    discOptimizer.loadStateDict(unprefixed(opt, DISC_OPT));
    genOptimizer.loadStateDict(unprefixed(opt, GEN_OPT));
    step = c.step();
    Map<String, String> m = c.metadata();
    order.seek(Integer.parseInt(m.get("dataEpoch")), Integer.parseInt(m.get("dataOffset")));
    freshSequences = Long.parseLong(m.get("freshSequences"));
    discSequences = Long.parseLong(m.get("discSequences"));
    tokens = Long.parseLong(m.get("tokens"));
    byte[] feedState = c.blobs().get("__feed__");
    feed.restore(feedState == null ? new byte[0] : feedState);
  }

  private static Map<String, INDArray> unprefixed(Map<String, INDArray> all, String prefix) {
    Map<String, INDArray> out = new LinkedHashMap<>();
    all.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  private void checkpoint() throws IOException {
    Map<String, INDArray> opt = new LinkedHashMap<>();
    discOptimizer.stateDict().forEach((k, v) -> opt.put(DISC_OPT + k, v));
    genOptimizer.stateDict().forEach((k, v) -> opt.put(GEN_OPT + k, v));
    Map<String, String> meta = new LinkedHashMap<>();
    // A generator batch launched ahead (replay.async lag 1) is not part of the state: resume re-reads it.
    boolean launchedAhead = async != null && async.hasPending();
    meta.put("dataEpoch", Integer.toString(launchedAhead ? epochBeforeLaunch : order.epoch()));
    meta.put("dataOffset", Integer.toString(launchedAhead ? offsetBeforeLaunch : order.offset()));
    meta.put("freshSequences", Long.toString(freshSequences));
    meta.put("discSequences", Long.toString(discSequences));
    meta.put("tokens", Long.toString(tokens));
    meta.put("seed", Long.toString(seed));
    byte[] feedState = feed.snapshot();
    Map<String, byte[]> blobs = feedState.length == 0 ? Map.of() : Map.of("__feed__", feedState);
    Checkpoint.save(run.checkpoints(), step, model.parameters(), opt, blobs, meta, config.get(PretrainOptions.CHECKPOINT_KEEP));
  }

  /** Trains until {@code train.steps} (or the time budget), logging, evaluating and checkpointing. */
  public Result run() throws IOException {
    List<String> columns = new ArrayList<>(BASE_COLUMNS);
    columns.addAll(feed.metricColumns());
    int logEvery = config.get(PretrainOptions.LOG_EVERY);
    int evalEvery = config.get(PretrainOptions.EVAL_EVERY);
    int ckptEvery = config.get(PretrainOptions.CHECKPOINT_EVERY);
    int budget = config.get(PretrainOptions.TIME_BUDGET);
    double discWeight = config.get(PretrainOptions.DISC_WEIGHT);
    double clip = config.get(PretrainOptions.CLIP_NORM);
    MaskedBatch masked = new MaskedBatch(generatorRows, seqLength, masking.maxPredictions());
    CorruptedBatch fresh = new CorruptedBatch(generatorRows, seqLength);
    Map<String, Double> firstEval = null;
    int asyncLag = feed.asyncGeneratorLag();
    if (asyncLag >= 0) {
      async = new AsyncGenerator(model, generatorRows, seqLength);
    }
    long t0 = System.nanoTime();
    String status = "completed";
    try (MetricsLog metrics = step == 0 ? MetricsLog.create(run.metrics(), columns) : MetricsLog.resume(run.metrics(), columns, step);
        Progress progress = Progress.start("pretrain " + run.dir().getFileName(), steps - step, "steps")) {
      if (step == 0) {
        lastEval = evaluate();
        firstEval = lastEval;
        log.info("step 0 validation: {}", format(lastEval));
        metrics.log(row(columns, 0, Double.NaN, null, null, 0, new double[5], lastEval));
      }
      while (step < steps) {
        long s0 = System.nanoTime();
        long current = step + 1;
        Parameters.zeroGrads(model.parameters());
        Context ctx = Context.training(new RandomStream(RandomStream.mix(seed ^ (current * 0x9E3779B97F4A7C15L) ^ PURPOSE_DROPOUT)));
        ElectraModel.GeneratorStats g = null;
        boolean genRan = feed.generatorRuns(current);
        long s1 = System.nanoTime();
        CorruptedBatch generated = fresh;
        if (genRan && async == null) {
          nextBatch(masked, current);
          g = model.generatorStep(masked, fresh, samplingStream(current), temperature, 1.0, ctx, true);
          freshSequences += generatorRows;
        } else if (genRan) {
          long next = feed.nextGeneratorStep(current);
          AsyncGenerator.Result res = async.advance(current, asyncLag > 0 && next <= steps ? next : -1,
              forStep -> launchGenerator(masked, forStep, asyncLag == 0 ? ctx : generatorContext(forStep)));
          g = res.stats();
          generated = res.batch();
          freshSequences += generatorRows;
        }
        long s2 = System.nanoTime();
        DiscriminatorFeed.Composition comp = feed.compose(current, genRan ? generated : null);
        long s3 = System.nanoTime();
        boolean logNow = current % logEvery == 0 || current == steps;
        ElectraModel.DiscriminatorStats d = model.discriminatorStep(comp.batch(), comp.rows(), comp.weights(), discWeight, ctx, true, logNow);
        long s4 = System.nanoTime();
        feed.feedback(current, comp, d, model);
        long s5 = System.nanoTime();
        double loss = (g == null ? 0 : g.mlmLoss) + discWeight * d.loss;
        if (!Double.isFinite(loss)) {
          status = "failed: non-finite loss " + loss + " at step " + current;
          throw new NonFiniteLossException(current, loss, Checkpoint.latest(run.checkpoints()));
        }
        double gradNorm = GradientClipping.clipByGlobalNorm(model.parameters(), clip);
        double lr = schedule.rate(step);
        discOptimizer.step(lr);
        if (genRan) {
          genOptimizer.step(lr);
        }
        long s6 = System.nanoTime();
        step = current;
        discSequences += comp.rows();
        for (int r = 0; r < comp.rows(); r++) {
          tokens += comp.batch().lengths[r];
        }
        progress.stepBy(1);
        boolean evalNow = current % evalEvery == 0 || current == steps;
        boolean out = budget > 0 && (System.nanoTime() - t0) / 1e9 >= budget;
        if (evalNow || out) {
          lastEval = evaluate();
          log.info("step {} validation: {}", current, format(lastEval));
        }
        if (logNow || evalNow || out) {
          double[] times = {(s6 - s0) / 1e6, (s2 - s1) / 1e6, (s4 - s3) / 1e6, ((s3 - s2) + (s5 - s4)) / 1e6, (s6 - s5) / 1e6};
          double tps = comp.rows() * (double) seqLength / ((s6 - s0) / 1e9);
          metrics.log(row(columns, current, lr, g, d, gradNorm, times, evalNow || out ? lastEval : Map.of(), tps, loss));
        }
        if (current % ckptEvery == 0 || current == steps || out) {
          checkpoint();
        }
        if (out) {
          status = "stopped: time budget of " + budget + " s reached at step " + current;
          log.info(status);
          break;
        }
      }
      if (step == steps && Checkpoint.latest(run.checkpoints()) != null && Checkpoint.stepOf(Checkpoint.latest(run.checkpoints())) != step) {
        checkpoint();
      }
    } catch (NonFiniteLossException e) {
      run.finish(status, null);
      throw e;
    } catch (IOException | RuntimeException e) {
      run.finish("failed: " + e.getMessage(), null);
      throw e;
    } finally {
      if (async != null) {
        async.close();
        async = null;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("steps", step);
    results.put("freshSequences", freshSequences);
    results.put("discSequences", discSequences);
    results.put("tokens", tokens);
    results.put("seconds", seconds);
    results.put("validation", lastEval);
    results.put("parameters", Parameters.count(model.parameters()));
    run.finish(status, results);
    return new Result(step, freshSequences, discSequences, tokens, seconds, firstEval == null ? Map.of() : firstEval, lastEval, run.dir(), status);
  }

  private double[] row(List<String> columns, long s, double lr, ElectraModel.GeneratorStats g, ElectraModel.DiscriminatorStats d, double gradNorm,
      double[] times, Map<String, Double> eval) {
    return row(columns, s, lr, g, d, gradNorm, times, eval, Double.NaN, Double.NaN);
  }

  private double[] row(List<String> columns, long s, double lr, ElectraModel.GeneratorStats g, ElectraModel.DiscriminatorStats d, double gradNorm,
      double[] times, Map<String, Double> eval, double tokensPerSecond, double loss) {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("step", (double) s);
    v.put("fresh_sequences", (double) freshSequences);
    v.put("disc_sequences", (double) discSequences);
    v.put("tokens", (double) tokens);
    v.put("lr", lr);
    v.put("loss", loss);
    if (g != null) {
      v.put("mlm_loss", g.mlmLoss);
      v.put("mlm_acc", g.mlmCorrect / (double) g.predictions);
      v.put("sampled_acc", g.sampledCorrect / (double) g.predictions);
    }
    if (d != null) {
      v.putAll(discMetrics("", d));
      v.put("disc_loss_unweighted", d.unweightedLoss);
    }
    v.put("grad_norm", d == null ? Double.NaN : gradNorm);
    v.put("tokens_per_s", tokensPerSecond);
    v.put("step_ms", times[0]);
    v.put("generator_ms", times[1]);
    v.put("discriminator_ms", times[2]);
    v.put("feed_ms", times[3]);
    v.put("optimizer_ms", times[4]);
    eval.forEach((k, x) -> v.put("val_" + k, x));
    String[] extra = feed.metricColumns().toArray(new String[0]);
    double[] extraValues = feed.metricValues();
    for (int i = 0; i < extra.length; i++) {
      v.put(extra[i], extraValues[i]);
    }
    double[] out = new double[columns.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.getOrDefault(columns.get(i), Double.NaN);
    }
    return out;
  }

  private static Map<String, Double> discMetrics(String prefix, ElectraModel.DiscriminatorStats d) {
    Map<String, Double> v = new LinkedHashMap<>();
    v.put(prefix + "disc_loss", d.loss);
    v.put(prefix + "disc_acc", d.correct / (double) d.tokens);
    v.put(prefix + "disc_precision", d.predictedPositives == 0 ? Double.NaN : d.truePositives / (double) d.predictedPositives);
    v.put(prefix + "disc_recall", d.actualPositives == 0 ? Double.NaN : d.truePositives / (double) d.actualPositives);
    v.put(prefix + "disc_auc", d.probabilities.length == 0 ? Double.NaN : BinaryMetrics.auc(d.probabilities, d.probabilityLabels, d.probabilities.length));
    v.put(prefix + "replaced_frac", d.tokens == 0 ? Double.NaN : d.actualPositives / (double) d.tokens);
    return v;
  }

  private RandomStream samplingStream(long forStep) {
    return new RandomStream(RandomStream.mix(seed ^ (forStep * 0xD1B54A32D192ED03L) ^ PURPOSE_SAMPLE));
  }

  /** Dropout for a generator step that runs apart from its discriminator step (async, lag 1). */
  private Context generatorContext(long forStep) {
    return Context.training(new RandomStream(RandomStream.mix(seed ^ (forStep * 0x9E3779B97F4A7C15L) ^ PURPOSE_GENERATOR_DROPOUT)));
  }

  private void launchGenerator(MaskedBatch masked, long forStep, Context ctx) {
    epochBeforeLaunch = order.epoch();
    offsetBeforeLaunch = order.offset();
    nextBatch(masked, forStep);
    async.launch(forStep, masked, samplingStream(forStep), temperature, ctx);
  }

  private void nextBatch(MaskedBatch masked, long forStep) {
    for (int r = 0; r < masked.batch; r++) {
      int ex = order.next();
      train.copyTo(ex, r, masked.originalIds, masked.segmentIds, vocab.padId());
      masked.lengths[r] = train.length(ex);
    }
    masker.mask(masked, new RandomStream(RandomStream.mix(seed ^ (forStep * 0xBF58476D1CE4E5B9L) ^ PURPOSE_MASK)));
  }

  /**
   * Validation metrics on the first {@code eval.batches} batches of the validation examples, in file
   * order, with fixed masks and samples, without dropout: comparable across steps and runs.
   */
  public Map<String, Double> evaluate() {
    int batches = Math.min(config.get(PretrainOptions.EVAL_BATCHES), validation.size() / batch);
    if (batches == 0) {
      log.warn("validation split has {} examples, fewer than one batch of {}: no evaluation", validation.size(), batch);
      return Map.of();
    }
    int n = batches * batch;
    MaskedBatch masked = new MaskedBatch(batch, seqLength, masking.maxPredictions());
    CorruptedBatch corrupted = new CorruptedBatch(batch, seqLength);
    double mlmLoss = 0;
    long preds = 0;
    long mlmCorrect = 0;
    long sampledCorrect = 0;
    double discLossSum = 0;
    long discTokens = 0;
    List<double[]> probs = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    ElectraModel.DiscriminatorStats total = new ElectraModel.DiscriminatorStats();
    RandomStream maskRandom = new RandomStream(RandomStream.mix(seed ^ PURPOSE_EVAL));
    RandomStream sampleRandom = new RandomStream(RandomStream.mix(seed ^ (PURPOSE_EVAL << 8)));
    for (int start = 0; start < n; start += batch) {
      int rows = batch;
      for (int r = 0; r < batch; r++) {
        int ex = start + r;
        validation.copyTo(ex, r, masked.originalIds, masked.segmentIds, vocab.padId());
        masked.lengths[r] = validation.length(ex);
      }
      masker.mask(masked, maskRandom);
      ElectraModel.GeneratorStats g = model.generatorStep(masked, corrupted, sampleRandom, temperature, 1.0, Context.inference(), false);
      ElectraModel.DiscriminatorStats d = model.discriminatorStep(corrupted, rows, null, 1.0, Context.inference(), false, true);
      mlmLoss += g.mlmLoss * g.predictions;
      preds += g.predictions;
      mlmCorrect += g.mlmCorrect;
      sampledCorrect += g.sampledCorrect;
      discLossSum += d.loss * d.tokens;
      discTokens += d.tokens;
      total.tokens += d.tokens;
      total.correct += d.correct;
      total.truePositives += d.truePositives;
      total.predictedPositives += d.predictedPositives;
      total.actualPositives += d.actualPositives;
      probs.add(d.probabilities);
      labels.add(d.probabilityLabels);
    }
    int m = probs.stream().mapToInt(a -> a.length).sum();
    total.probabilities = new double[m];
    total.probabilityLabels = new int[m];
    int k = 0;
    for (int i = 0; i < probs.size(); i++) {
      System.arraycopy(probs.get(i), 0, total.probabilities, k, probs.get(i).length);
      System.arraycopy(labels.get(i), 0, total.probabilityLabels, k, labels.get(i).length);
      k += probs.get(i).length;
    }
    total.loss = discLossSum / discTokens;
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("mlm_loss", mlmLoss / preds);
    out.put("mlm_acc", mlmCorrect / (double) preds);
    out.put("sampled_acc", sampledCorrect / (double) preds);
    out.putAll(discMetrics("", total));
    return out;
  }

  private static String format(Map<String, Double> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(k).append('=').append(String.format("%.4f", v)).append(' '));
    return sb.toString().strip();
  }

  /** Thrown when the loss becomes NaN or infinite; the last checkpoint is left intact. */
  public static final class NonFiniteLossException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NonFiniteLossException(long step, double loss, Path lastCheckpoint) {
      super("loss became " + loss + " at step " + step + "; the run stopped without saving this step. Last good checkpoint: "
          + (lastCheckpoint == null ? "none" : lastCheckpoint) + " (lower train.learningRate or check the data, then resume)");
    }
  }
}
