package io.tmr.models.tmr;

import io.tmr.config.ConfigKey;
import io.tmr.config.ConfigSpec;
import io.tmr.models.pretrain.PretrainOptions;
import io.tmr.replay.ReplayOptions;
import io.tmr.replay.ReplayRegistry;
import java.util.List;
import java.util.Set;

/**
 * The TMR trainer's options: {@code trainer} selects ELECTRA or TMR; {@code replay.*} are the
 * replay library's options and its plugins' own (declared once, in {@link
 * io.tmr.replay.ReplayOptions} and the plugins) plus the trainer's own batch composition, generator
 * amortisation, priority-norm mode and asynchrony. Defaults are the decisions of the brief
 * (docs/tmr.md explains each).
 */
public final class TmrOptions {
  private TmrOptions() {}

  public static final ConfigKey<String> TRAINER =
      ConfigKey.choice(
          "trainer",
          "electra",
          "electra: the generator's batch goes straight to the discriminator; tmr: through the replay buffer",
          List.of("electra", "tmr"));
  public static final ConfigKey<Double> FRESH_FRACTION =
      ConfigKey.real(
          "replay.freshFraction",
          0.5,
          "share of each discriminator batch taken from the newest unused generator output; the rest is sampled from the buffer (1 = baseline)",
          0,
          1);
  public static final ConfigKey<Integer> GENERATOR_INTERVAL =
      ConfigKey.integer(
          "replay.generatorInterval",
          1,
          "the generator produces (and trains on) a new batch every k discriminator steps",
          1,
          1000);
  public static final ConfigKey<String> GENERATOR_ROWS =
      ConfigKey.choice(
          "replay.generatorRows",
          "fresh-once",
          "rows per generator step: fresh-once = round(freshFraction x batch) x generatorInterval, so every generated row is trained on "
              + "fresh exactly once (the generator does freshFraction of ELECTRA's work per discriminator step); batch = train.batchSize "
              + "rows (before: rows the fresh share does not use go to the buffer untrained, an ablation)",
          List.of("fresh-once", "batch"));
  public static final ConfigKey<String> PRIORITY_LOSS =
      ConfigKey.choice(
          "replay.priorityLoss",
          "train",
          "the per-example losses (and gradient-norm bounds) priorities are computed from: train = the training forward's, with "
              + "dropout (free); clean = an extra forward without dropout before the update (dropout noise out of |l - l_prev|; "
              + "costs a forward pass, see priority_ms_total)",
          List.of("train", "clean"));
  public static final ConfigKey<String> GRADIENT_NORM =
      ConfigKey.choice(
          "replay.gradientNorm",
          "bound",
          "per-example gradient norm for replay.weight=gradient-norm: bound (norm of dLoss/dlogits, cheap) or exact (all discriminator parameters, one backward per example)",
          List.of("bound", "exact"));
  public static final ConfigKey<Boolean> ASYNC =
      ConfigKey.bool(
          "replay.async",
          false,
          "run the generator on its own thread against a snapshot of its parameters (see docs/tmr.md)");
  public static final ConfigKey<Integer> ASYNC_LAG =
      ConfigKey.integer(
          "replay.asyncLag",
          1,
          "with replay.async: 1 = the next generator step starts on the parameters before this step's update and overlaps the "
              + "discriminator step; 0 = it starts after the update (no overlap; bit-identical to synchronous)",
          0,
          1);

  /**
   * The trainer's {@code replay.betaSteps}: by default {@code auto}, β annealed to 1 over the run's
   * own sample calls.
   */
  public static final ConfigKey<Long> BETA_STEPS =
      ReplayOptions.BETA_STEPS.withDefault(
          ReplayOptions.BETA_STEPS_AUTO,
          "Number of sample calls over which beta reaches 1; auto: the run's sample calls (beta is 1 at the last step); 0: beta is 1 "
              + "from the start.");

  /** Options the trainer derives (vocabulary size, sequence length, seed) and users do not set. */
  static final Set<String> DERIVED =
      Set.of(
          ReplayOptions.VOCAB_SIZE.name(),
          ReplayOptions.MAX_SEQ_LENGTH.name(),
          ReplayOptions.SEED.name());

  /** Pretraining options plus trainer selection and every replay option. */
  public static ConfigSpec spec() {
    ConfigSpec s =
        PretrainOptions.electraSpec()
            .add(
                TRAINER,
                FRESH_FRACTION,
                GENERATOR_INTERVAL,
                GENERATOR_ROWS,
                GRADIENT_NORM,
                PRIORITY_LOSS,
                ASYNC,
                ASYNC_LAG);
    // The replay library's options and those of every registered plugin, typed as the library
    // declares them.
    for (ConfigKey<?> k : ReplayRegistry.defaultRegistry().spec().keys()) {
      if (!DERIVED.contains(k.name())) {
        s.add(k);
      }
    }
    return s.replace(BETA_STEPS);
  }
}
