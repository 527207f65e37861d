package io.tmr.models.tmr;

import io.tmr.core.config.ConfigKey;
import io.tmr.core.config.ConfigSpec;
import io.tmr.models.pretrain.PretrainOptions;
import io.tmr.replay.ReplayOption;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TMR trainer's options: {@code trainer} selects ELECTRA or TMR; {@code replay.*} are the replay
 * library's options (validated by {@link io.tmr.replay.ReplayConfig}) plus the trainer's own batch
 * composition, generator amortisation, priority-norm mode and asynchrony. Defaults are the decisions
 * of the brief (docs/tmr.md explains each).
 */
public final class TmrOptions {
  private TmrOptions() {}

  public static final ConfigKey<String> TRAINER = ConfigKey.choice("trainer", "electra",
      "electra: the generator's batch goes straight to the discriminator; tmr: through the replay buffer", List.of("electra", "tmr"));
  public static final ConfigKey<Double> FRESH_FRACTION = ConfigKey.real("replay.freshFraction", 0.5,
      "share of each discriminator batch taken from the newest unused generator output; the rest is sampled from the buffer (1 = baseline)", 0, 1);
  public static final ConfigKey<Integer> GENERATOR_INTERVAL = ConfigKey.integer("replay.generatorInterval", 1,
      "the generator produces (and trains on) a new batch every k discriminator steps", 1, 1000);
  public static final ConfigKey<String> GENERATOR_ROWS = ConfigKey.choice("replay.generatorRows", "fresh-once",
      "rows per generator step: fresh-once = round(freshFraction x batch) x generatorInterval, so every generated row is trained on "
          + "fresh exactly once (the generator does freshFraction of ELECTRA's work per discriminator step); batch = train.batchSize "
          + "rows (before: rows the fresh share does not use go to the buffer untrained, an ablation)",
      List.of("fresh-once", "batch"));
  public static final ConfigKey<String> PRIORITY_LOSS = ConfigKey.choice("replay.priorityLoss", "train",
      "the per-example losses (and gradient-norm bounds) priorities are computed from: train = the training forward's, with "
          + "dropout (free); clean = an extra forward without dropout before the update (dropout noise out of |l - l_prev|; "
          + "costs a forward pass, see priority_ms_total)", List.of("train", "clean"));
  public static final ConfigKey<String> GRADIENT_NORM = ConfigKey.choice("replay.gradientNorm", "bound",
      "per-example gradient norm for replay.weight=gradient-norm: bound (norm of dLoss/dlogits, cheap) or exact (all discriminator parameters, one backward per example)",
      List.of("bound", "exact"));
  public static final ConfigKey<Boolean> ASYNC = ConfigKey.bool("replay.async", false,
      "run the generator on its own thread against a snapshot of its parameters (see docs/tmr.md)");
  public static final ConfigKey<Integer> ASYNC_LAG = ConfigKey.integer("replay.asyncLag", 1,
      "with replay.async: 1 = the next generator step starts on the parameters before this step's update and overlaps the "
          + "discriminator step; 0 = it starts after the update (no overlap; bit-identical to synchronous)", 0, 1);

  /** The trainer's default for {@code replay.betaSteps}: anneal β to 1 over the run's own sample calls. */
  public static final String BETA_STEPS_AUTO = "auto";

  /** Options the trainer derives (vocabulary size, sequence length, seed) and users do not set. */
  static final Set<ReplayOption> DERIVED = EnumSet.of(ReplayOption.VOCAB_SIZE, ReplayOption.MAX_SEQ_LENGTH, ReplayOption.SEED);

  /** {@code replay.*} options of the library, as described strings (the library validates values). */
  public static final Map<ReplayOption, ConfigKey<String>> LIBRARY = library();

  private static Map<ReplayOption, ConfigKey<String>> library() {
    Map<ReplayOption, ConfigKey<String>> m = new LinkedHashMap<>();
    for (ReplayOption o : ReplayOption.values()) {
      if (o == ReplayOption.BETA_STEPS) {
        m.put(o, ConfigKey.string(o.key(), BETA_STEPS_AUTO, "Number of sample calls over which beta reaches 1; auto: the "
            + "run's sample calls (beta is 1 at the last step); 0: beta is 1 from the start."));
      } else if (!DERIVED.contains(o)) {
        m.put(o, ConfigKey.string(o.key(), o.defaultValue(), o.description()));
      }
    }
    return m;
  }

  /** Pretraining options plus trainer selection and every replay option. */
  public static ConfigSpec spec() {
    ConfigSpec s = PretrainOptions.electraSpec().add(TRAINER, FRESH_FRACTION, GENERATOR_INTERVAL, GENERATOR_ROWS, GRADIENT_NORM,
        PRIORITY_LOSS, ASYNC, ASYNC_LAG);
    LIBRARY.values().forEach(s::add);
    return s;
  }
}
