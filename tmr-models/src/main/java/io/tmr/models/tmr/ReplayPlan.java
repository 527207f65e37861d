package io.tmr.models.tmr;

import io.tmr.config.Config;
import io.tmr.models.pretrain.PretrainOptions;
import io.tmr.replay.ReplayConfig;
import io.tmr.replay.ReplayOptions;

/**
 * How a TMR run composes its discriminator batches, derived from the options and checked before any
 * data is read: every combination either gets a plan or is refused with one line naming the
 * options.
 *
 * <p>Per discriminator step of {@code batch} rows, {@code freshPerStep = round(freshFraction ×
 * batch)} rows come from the generator's newest output not yet trained on and the rest are sampled
 * from the buffer. The generator runs every {@code interval} steps and makes {@code generatorRows}
 * rows; the first {@code freshPerGeneration} of them are used fresh over the following steps and
 * enter the buffer right after that use (so the buffer holds only trained-on items, each with its
 * fresh loss); the others ({@code surplus}, only with {@code replay.generatorRows=batch}) enter it
 * untrained when generated.
 *
 * @param baseline the discriminator sees exactly the generator's batch (capacity 0, or all fresh
 *     with interval 1): plain ELECTRA, bit for bit
 * @param betaSteps the library's {@code replay.betaSteps} (sample calls until β = 1)
 */
public record ReplayPlan(
    int batch,
    int freshPerStep,
    int interval,
    int generatorRows,
    int freshPerGeneration,
    boolean baseline,
    long betaSteps) {

  /** Rows of each generator batch that enter the buffer without a fresh use. */
  public int surplus() {
    return generatorRows - freshPerGeneration;
  }

  /**
   * The plan of a run with {@code batch} rows per step and {@code steps} steps.
   *
   * @throws IllegalArgumentException naming the options, for a combination that cannot run
   */
  public static ReplayPlan of(Config c, int batch, int steps) {
    ReplayConfig library = libraryConfig(c, 2, 8, 0L, 1);
    double f = c.get(TmrOptions.FRESH_FRACTION);
    int interval = c.get(TmrOptions.GENERATOR_INTERVAL);
    int fresh = (int) Math.round(f * batch);
    boolean freshOnce = c.get(TmrOptions.GENERATOR_ROWS).equals("fresh-once");
    if (library.disabled()) {
      if (interval != 1) {
        throw new IllegalArgumentException(
            "replay.capacity=0 (no buffer: plain ELECTRA) needs replay.generatorInterval=1, got "
                + interval
                + ": without a buffer the discriminator has nothing to train on at steps where the generator does not run");
      }
      return new ReplayPlan(batch, batch, 1, batch, batch, true, 0);
    }
    if (fresh == batch && interval == 1) {
      return new ReplayPlan(batch, batch, 1, batch, batch, true, 0);
    }
    if (freshOnce && fresh == 0) {
      throw new IllegalArgumentException(
          "replay.freshFraction="
              + f
              + " gives 0 fresh rows of "
              + batch
              + ": with replay.generatorRows=fresh-once the generator would make none; use replay.generatorRows=batch to replay only");
    }
    int generatorRows = freshOnce ? fresh * interval : batch;
    int perGeneration = Math.min(generatorRows, fresh * interval);
    // With replay.generatorRows=batch and interval x fresh > batch, the fresh rows run out before
    // the next generator step
    // and those steps sample the whole batch.
    int sampled = perGeneration < fresh * interval ? batch : batch - fresh;
    if (sampled > library.capacity()) {
      throw new IllegalArgumentException(
          "replay.capacity="
              + library.capacity()
              + " is smaller than the "
              + sampled
              + " rows some steps sample (train.batchSize "
              + batch
              + ", replay.freshFraction "
              + f
              + ", replay.generatorInterval "
              + interval
              + "): raise replay.capacity");
    }
    // Sample calls: every step once the buffer holds items; with fresh-once rows enter after their
    // fresh use, so the
    // buffer is empty at step 1; with a surplus they enter when generated, before the first draw.
    long calls = sampled == 0 ? 0 : perGeneration == generatorRows ? steps - 1L : steps;
    return new ReplayPlan(
        batch, fresh, interval, generatorRows, perGeneration, false, betaSteps(c, calls));
  }

  /** {@code replay.betaSteps}: {@code auto} = the run's sample calls (β is 1 at the last one). */
  static long betaSteps(Config c, long sampleCalls) {
    long v = c.get(TmrOptions.BETA_STEPS);
    return v == ReplayOptions.BETA_STEPS_AUTO ? Math.max(1, sampleCalls - 1) : v;
  }

  /**
   * The replay library's config from the run's {@code replay.*} options plus the derived ones
   * (vocabulary, sequence length, seed, β schedule); validates every value whatever the trainer.
   */
  static ReplayConfig libraryConfig(
      Config c, int vocabSize, int seqLength, long seed, long betaSteps) {
    return ReplayConfig.builder()
        .from(c)
        .set(ReplayOptions.VOCAB_SIZE, vocabSize)
        .set(ReplayOptions.MAX_SEQ_LENGTH, seqLength)
        .set(ReplayOptions.SEED, seed)
        .set(ReplayOptions.BETA_STEPS, betaSteps)
        .build();
  }

  /**
   * Checks, before a run starts, every {@code replay.*} value whatever the trainer, and with {@code
   * trainer=tmr} the batch composition too.
   *
   * @throws IllegalArgumentException naming the option
   */
  public static void validate(Config c) {
    int steps = PretrainOptions.steps(c);
    if (c.get(TmrOptions.TRAINER).equals("tmr")) {
      of(c, PretrainOptions.batchSize(c), steps);
    } else {
      libraryConfig(c, 2, 8, 0L, betaSteps(c, steps));
    }
  }
}
