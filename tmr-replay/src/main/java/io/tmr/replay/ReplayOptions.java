package io.tmr.replay;

import io.tmr.config.ConfigKey;
import io.tmr.config.ConfigSpec;
import io.tmr.replay.ReplayConfig.Labels;
import io.tmr.replay.ReplayConfig.RateLimit;
import io.tmr.replay.ReplayConfig.Sampling;
import io.tmr.replay.trace.TraceFormat;
import java.util.List;

/**
 * The replay library's own {@code replay.*} options: name, type, default, requirement and
 * description, each declared once. Plugins declare theirs next to these ({@code options()} of a
 * strategy, eviction policy or priority rule, named {@code replay.<plugin>.<option>}); {@link
 * ReplayRegistry#spec()} is the whole set a buffer is configured from.
 */
public final class ReplayOptions {
  private ReplayOptions() {}

  /** Largest capacity: the sum tree's flat array needs 2·2^⌈log2 capacity⌉ entries. */
  public static final int MAX_CAPACITY = 1 << 29;

  public static final ConfigKey<Integer> CAPACITY =
      ConfigKey.integer(
          "replay.capacity",
          4096,
          "Maximum number of stored sequences; 0 disables replay (plain ELECTRA baseline).",
          0,
          MAX_CAPACITY);
  public static final ConfigKey<Integer> MAX_SEQ_LENGTH =
      ConfigKey.integer(
          "replay.maxSeqLength",
          128,
          "Longest sequence (tokens) an item may hold.",
          1,
          Integer.MAX_VALUE);
  public static final ConfigKey<Integer> VOCAB_SIZE =
      ConfigKey.integer(
          "replay.vocabSize",
          30522,
          "Token vocabulary size; ids are stored in 16 bits when it is <= 65536, else 32 bits.",
          1,
          Integer.MAX_VALUE);
  public static final ConfigKey<Integer> SEGMENT_TYPES =
      ConfigKey.integer(
          "replay.segmentTypes",
          2,
          "Number of segment (token type) ids; <= 2 is stored as one bit per token.",
          1,
          Integer.MAX_VALUE);
  public static final ConfigKey<Labels> LABELS =
      ConfigKey.enumeration(
          "replay.labels",
          Labels.BITSET,
          "Label storage: 'bitset' (one replaced-token bit per token) or 'original-ids'.",
          Labels::label);
  public static final ConfigKey<String> STRATEGY =
      ConfigKey.nonBlank(
          "replay.strategy",
          "prioritized",
          "Strategy plugin name (ServiceLoader): uniform, prioritized, rank, reservoir, fifo, ...");
  public static final ConfigKey<String> EVICTION =
      ConfigKey.nonBlank(
          "replay.eviction",
          "fifo",
          "Eviction plugin name when full: fifo, min-weight, reservoir; reservoir strategy uses its own.");
  public static final ConfigKey<String> WEIGHT =
      ConfigKey.nonBlank(
          "replay.weight",
          "loss-difference",
          "Priority rule plugin: loss-difference (|l-l_prev|+eps), gradient-norm (|g|+eps), loss (l+eps).");
  public static final ConfigKey<Double> ALPHA =
      ConfigKey.nonNegative(
          "replay.alpha", 0.6, "Priority exponent: P(i) = w_i^alpha / sum_k w_k^alpha.");
  public static final ConfigKey<Double> BETA =
      ConfigKey.real(
          "replay.beta",
          0.4,
          "Initial importance-sampling exponent; annealed linearly to 1 over replay.betaSteps.",
          0,
          1);

  /**
   * {@code auto} ({@value #BETA_STEPS_AUTO}) is for trainers, which replace it by their run's
   * sample calls.
   */
  public static final long BETA_STEPS_AUTO = -1;

  public static final ConfigKey<Long> BETA_STEPS =
      ConfigKey.longInt(
              "replay.betaSteps",
              1_000_000,
              "Number of sample calls over which beta reaches 1 (0: beta is 1 from the start; auto: a trainer's run length).",
              0,
              Long.MAX_VALUE)
          .withWord("auto", BETA_STEPS_AUTO);
  public static final ConfigKey<Boolean> IMPORTANCE_WEIGHTS =
      ConfigKey.bool(
          "replay.importanceWeights",
          true,
          "Report importance weights (N*P(i))^-beta / max; false reports 1 for every row.");
  public static final ConfigKey<Double> EPSILON =
      ConfigKey.nonNegative(
          "replay.epsilon",
          1e-6,
          "Added to every computed weight so no item becomes unsampleable.");
  public static final ConfigKey<Double> NEW_PRIORITY_QUANTILE =
      ConfigKey.real(
          "replay.newPriorityQuantile",
          1.0,
          "New items enter at this quantile of the last replay.priorityWindow priorities the rule produced (1 = their maximum, "
              + "PER's rule on the rule's own scale); 1 before any.",
          0,
          1);
  public static final ConfigKey<Integer> PRIORITY_WINDOW =
      ConfigKey.integer(
          "replay.priorityWindow",
          1024,
          "How many of the most recent priorities the entry priority is taken over (0: all since the start, running maximum "
              + "only); a window follows priorities that shrink as training goes on.",
          0,
          Integer.MAX_VALUE);
  public static final ConfigKey<Integer> MAX_REPLAYS =
      ConfigKey.integer(
              "replay.maxReplays",
              0,
              "Drop an item once it has been replayed this many times; 'unbounded' never drops.",
              1,
              Integer.MAX_VALUE)
          .withWord("unbounded", 0);
  public static final ConfigKey<Sampling> SAMPLING =
      ConfigKey.enumeration(
          "replay.sampling",
          Sampling.INDEPENDENT,
          "Batch draws: 'independent' (i.i.d. with replacement) or 'stratified' (one per segment).",
          Sampling::label);
  public static final ConfigKey<Integer> MIN_SIZE =
      ConfigKey.integer(
          "replay.minSize",
          0,
          "Rate limiter: items required before the first sample.",
          0,
          Integer.MAX_VALUE);
  public static final ConfigKey<Double> SAMPLES_PER_INSERT =
      ConfigKey.nonNegative(
          "replay.samplesPerInsert",
          0,
          "Rate limiter: target ratio of sampled to inserted items; 0 disables the ratio.");
  public static final ConfigKey<Double> ERROR_BUFFER =
      ConfigKey.nonNegative(
          "replay.errorBuffer",
          2048,
          "Rate limiter: allowed deviation (in samples) from the ratio; must be >= max(1, ratio).");
  public static final ConfigKey<RateLimit> RATE_LIMIT =
      ConfigKey.enumeration(
          "replay.rateLimit",
          RateLimit.REFUSE,
          "What a rate-limited call does: 'refuse' (throw / return false) or 'block' (wait).",
          RateLimit::label);
  public static final ConfigKey<Long> RATE_LIMIT_TIMEOUT_MS =
      ConfigKey.longInt(
          "replay.rateLimitTimeoutMs",
          0,
          "In block mode, longest wait in milliseconds before refusing; 0 waits indefinitely.",
          0,
          Long.MAX_VALUE);
  public static final ConfigKey<Long> SEED =
      ConfigKey.longInt("replay.seed", 42, "Seed of the buffer's random generator (xoshiro256**).");
  public static final ConfigKey<String> TRACE =
      ConfigKey.string(
          "replay.trace", "", "File receiving a per-sample trace; empty disables tracing.");
  public static final ConfigKey<TraceFormat> TRACE_FORMAT =
      ConfigKey.enumeration(
          "replay.traceFormat",
          TraceFormat.BINARY,
          "Trace format: 'binary' or 'csv'.",
          TraceFormat::label);

  /** Every library option, in declaration order. */
  public static final List<ConfigKey<?>> ALL =
      List.of(
          CAPACITY,
          MAX_SEQ_LENGTH,
          VOCAB_SIZE,
          SEGMENT_TYPES,
          LABELS,
          STRATEGY,
          EVICTION,
          WEIGHT,
          ALPHA,
          BETA,
          BETA_STEPS,
          IMPORTANCE_WEIGHTS,
          EPSILON,
          NEW_PRIORITY_QUANTILE,
          PRIORITY_WINDOW,
          MAX_REPLAYS,
          SAMPLING,
          MIN_SIZE,
          SAMPLES_PER_INSERT,
          ERROR_BUFFER,
          RATE_LIMIT,
          RATE_LIMIT_TIMEOUT_MS,
          SEED,
          TRACE,
          TRACE_FORMAT);

  /**
   * The library's options without plugins' (see {@link ReplayRegistry#spec()} for the full set).
   */
  public static ConfigSpec librarySpec() {
    return new ConfigSpec().addAll(ALL);
  }
}
