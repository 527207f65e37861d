package io.tmr.models.pretrain;

import io.tmr.core.nn.Context;
import io.tmr.core.nn.Parameters;
import io.tmr.core.optim.AdamW;
import io.tmr.core.optim.GradientClipping;
import io.tmr.core.optim.WarmupLinearDecay;
import io.tmr.core.tensor.Profiler;
import io.tmr.core.tensor.RandomStream;
import io.tmr.models.data.MaskedBatch;
import io.tmr.models.electra.CorruptedBatch;
import io.tmr.models.electra.ElectraModel;

/**
 * One ELECTRA/TMR training step, the only copy of it: the trainer, {@code tmr bench pretrain} and
 * {@code tmr bench tmr} all run this. Zero the gradients; on steps where the feed says so, the
 * generator takes the next rows from the {@link BatchSource}, predicts the masked positions and
 * samples replacements (on the training thread, or on its own with {@code replay.async}); the
 * {@link DiscriminatorFeed} composes the discriminator batch; the discriminator runs (× {@code
 * discWeight}, with the feed's per-example weights); the feed gets its feedback; a non-finite loss
 * stops here, before any update; then global-norm clipping and AdamW (the generator's own
 * parameters only on steps where it ran).
 *
 * <p>Determinism: every random stream of step {@code t} (sampling, dropout; masking is the
 * source's) is seeded by a hash of (seed, t, purpose), so a step's outcome depends only on the
 * parameters, the optimizer state, the data position and the feed's state.
 */
public final class TrainStep implements AutoCloseable {
  private static final long PURPOSE_SAMPLE = 2;
  private static final long PURPOSE_DROPOUT = 3;
  private static final long PURPOSE_GENERATOR_DROPOUT = 5;

  /**
   * The numbers of a step that are not the model's.
   *
   * @param discWeight discriminator loss weight (ELECTRA: 50)
   * @param clipNorm global gradient-norm threshold
   * @param temperature generator sampling temperature
   * @param seed the run's seed (step streams derive from it)
   */
  public record Settings(double discWeight, double clipNorm, double temperature, long seed) {}

  /**
   * Milliseconds of a step: in total, and spent in the generator, the discriminator, the feed and
   * the optimizer.
   */
  public record Times(
      double total, double generator, double discriminator, double feed, double optimizer) {
    public static final Times NONE = new Times(0, 0, 0, 0, 0);
  }

  /**
   * What one step did.
   *
   * @param generator the generator's statistics, {@code null} on steps where it did not run
   * @param generatorRows corpus rows the generator consumed (0 when it did not run)
   * @param loss the generator's MLM loss plus {@code discWeight} × the discriminator's training
   *     loss
   * @param lr the learning rate applied
   */
  public record Result(
      long step,
      ElectraModel.GeneratorStats generator,
      int generatorRows,
      ElectraModel.DiscriminatorStats disc,
      DiscriminatorFeed.Composition composition,
      double loss,
      double gradNorm,
      double lr,
      Times times) {

    /** Real tokens the discriminator trained on. */
    public long discTokens() {
      long t = 0;
      for (int r = 0; r < composition.rows(); r++) {
        t += composition.batch().lengths[r];
      }
      return t;
    }
  }

  private final ElectraModel model;
  private final AdamW discOptimizer;
  private final AdamW genOptimizer;
  private final WarmupLinearDecay schedule;
  private final DiscriminatorFeed feed;
  private final BatchSource source;
  private final Settings settings;
  private final int totalSteps;
  private final int generatorRows;
  private final MaskedBatch masked;
  private final CorruptedBatch fresh;
  private final int asyncLag;
  private final AsyncGenerator async;

  public TrainStep(
      ElectraModel model,
      AdamW discOptimizer,
      AdamW genOptimizer,
      WarmupLinearDecay schedule,
      DiscriminatorFeed feed,
      BatchSource source,
      Settings settings,
      int batch,
      int seqLength,
      int maxPredictions,
      int totalSteps) {
    this.model = model;
    this.discOptimizer = discOptimizer;
    this.genOptimizer = genOptimizer;
    this.schedule = schedule;
    this.feed = feed;
    this.source = source;
    this.settings = settings;
    this.totalSteps = totalSteps;
    this.generatorRows = feed.generatorRows(batch);
    this.masked = new MaskedBatch(generatorRows, seqLength, maxPredictions);
    this.fresh = new CorruptedBatch(generatorRows, seqLength);
    this.asyncLag = feed.asyncGeneratorLag();
    this.async = asyncLag >= 0 ? new AsyncGenerator(model, generatorRows, seqLength) : null;
  }

  /** Rows the generator consumes each time it runs. */
  public int generatorRows() {
    return generatorRows;
  }

  /**
   * Whether a generator batch was read ahead and not yet trained on (async, lag 1): not part of a
   * checkpoint.
   */
  public boolean generatorReadAhead() {
    return async != null && async.hasPending();
  }

  /**
   * Runs step {@code step} (1-based); {@code keepProbabilities} keeps the discriminator's per-token
   * probabilities (for a logged AUC).
   *
   * @throws NonFiniteLossException before any update when the loss is NaN or infinite
   */
  public Result run(long step, boolean keepProbabilities) {
    long s0 = System.nanoTime();
    long tz = Profiler.start();
    Parameters.zeroGrads(model.parameters());
    Profiler.end("zero grads", tz);
    Context ctx = Context.training(stream(step, 0x9E3779B97F4A7C15L, PURPOSE_DROPOUT));
    ElectraModel.GeneratorStats g = null;
    boolean genRan = feed.generatorRuns(step);
    long s1 = System.nanoTime();
    CorruptedBatch generated = fresh;
    if (genRan && async == null) {
      long t = Profiler.start();
      source.fill(masked, step);
      Profiler.end("batch source", t);
      g =
          model.generatorStep(
              masked,
              fresh,
              samplingStream(step),
              settings.temperature(),
              ElectraModel.Pass.backward(ctx));
    } else if (genRan) {
      long next = feed.nextGeneratorStep(step);
      AsyncGenerator.Result res =
          async.advance(
              step,
              asyncLag > 0 && next <= totalSteps ? next : -1,
              forStep -> {
                source.fill(masked, forStep);
                async.launch(
                    forStep,
                    masked,
                    samplingStream(forStep),
                    settings.temperature(),
                    asyncLag == 0
                        ? ctx
                        : Context.training(
                            stream(forStep, 0x9E3779B97F4A7C15L, PURPOSE_GENERATOR_DROPOUT)));
              });
      g = res.stats();
      generated = res.batch();
    }
    long s2 = System.nanoTime();
    DiscriminatorFeed.Composition comp = feed.compose(step, genRan ? generated : null);
    long s3 = System.nanoTime();
    double discWeight = settings.discWeight();
    ElectraModel.DiscriminatorStats d =
        model.discriminatorStep(
            comp.batch(),
            comp.rows(),
            ElectraModel.Pass.backward(ctx)
                .scaled(discWeight)
                .weighted(comp.weights())
                .keepingProbabilities(keepProbabilities));
    long s4 = System.nanoTime();
    feed.feedback(step, comp, d, model);
    long s5 = System.nanoTime();
    double loss = (g == null ? 0 : g.mlmLoss) + discWeight * d.loss;
    if (!Double.isFinite(loss)) {
      throw new NonFiniteLossException(step, loss);
    }
    long t = Profiler.start();
    double gradNorm = Parameters.gradNorm(model.parameters());
    // Clipping's factor is applied inside AdamW's pass (the same values as scaling every gradient
    // first, one pass over them fewer); the gradients are cleared at the next step's start.
    double gradScale =
        settings.clipNorm() > 0 ? GradientClipping.factor(gradNorm, settings.clipNorm()) : 1.0;
    Profiler.end("clipping", t);
    t = Profiler.start();
    double lr = schedule.rate(step - 1);
    discOptimizer.step(lr, gradScale, false);
    if (genRan) {
      genOptimizer.step(lr, gradScale, false);
    }
    Profiler.end("adamw", t);
    long s6 = System.nanoTime();
    Times times =
        new Times(
            (s6 - s0) / 1e6,
            (s2 - s1) / 1e6,
            (s4 - s3) / 1e6,
            ((s3 - s2) + (s5 - s4)) / 1e6,
            (s6 - s5) / 1e6);
    return new Result(step, g, genRan ? generatorRows : 0, d, comp, loss, gradNorm, lr, times);
  }

  private RandomStream samplingStream(long forStep) {
    return stream(forStep, 0xD1B54A32D192ED03L, PURPOSE_SAMPLE);
  }

  private RandomStream stream(long forStep, long multiplier, long purpose) {
    return new RandomStream(RandomStream.mix(settings.seed() ^ (forStep * multiplier) ^ purpose));
  }

  @Override
  public void close() {
    if (async != null) {
      async.close();
    }
  }
}
