package io.tmr.replay;

import java.util.Locale;

/**
 * The catalogue of {@code replay.*} options: key, default and one-line description. The CLI prints
 * this list and validates keys against it; {@link ReplayConfig#fromMap} parses exactly these keys.
 */
public enum ReplayOption {
  CAPACITY("replay.capacity", "4096",
      "Maximum number of stored sequences; 0 disables replay (plain ELECTRA baseline)."),
  MAX_SEQ_LENGTH("replay.maxSeqLength", "128", "Longest sequence (tokens) an item may hold."),
  VOCAB_SIZE("replay.vocabSize", "30522",
      "Token vocabulary size; ids are stored in 16 bits when it is <= 65536, else 32 bits."),
  SEGMENT_TYPES("replay.segmentTypes", "2",
      "Number of segment (token type) ids; <= 2 is stored as one bit per token."),
  LABELS("replay.labels", "bitset",
      "Label storage: 'bitset' (one replaced-token bit per token) or 'original-ids'."),
  STRATEGY("replay.strategy", "prioritized",
      "Strategy plugin name (ServiceLoader): uniform, prioritized, rank, reservoir, fifo, ..."),
  EVICTION("replay.eviction", "fifo",
      "Eviction plugin name when full: fifo, min-weight, reservoir; reservoir strategy uses its own."),
  WEIGHT("replay.weight", "loss-difference",
      "Priority rule plugin: loss-difference (|l-l_prev|+eps), gradient-norm (|g|+eps), loss (l+eps)."),
  ALPHA("replay.alpha", "0.6", "Priority exponent: P(i) = w_i^alpha / sum_k w_k^alpha."),
  BETA("replay.beta", "0.4",
      "Initial importance-sampling exponent; annealed linearly to 1 over replay.betaSteps."),
  BETA_STEPS("replay.betaSteps", "1000000",
      "Number of sample calls over which beta reaches 1 (0: beta is 1 from the start)."),
  IMPORTANCE_WEIGHTS("replay.importanceWeights", "true",
      "Report importance weights (N*P(i))^-beta / max; false reports 1 for every row."),
  EPSILON("replay.epsilon", "1e-6", "Added to every computed weight so no item becomes unsampleable."),
  NEW_PRIORITY_QUANTILE("replay.newPriorityQuantile", "1.0",
      "New items enter at this quantile of the last replay.priorityWindow priorities the rule"
          + " produced (1 = their maximum, PER's rule on the rule's own scale); 1 before any."),
  PRIORITY_WINDOW("replay.priorityWindow", "1024",
      "How many of the most recent priorities the entry priority is taken over (0: all since the"
          + " start, running maximum only); a window follows priorities that shrink as training"
          + " goes on."),
  MAX_REPLAYS("replay.maxReplays", "unbounded",
      "Drop an item once it has been replayed this many times; 'unbounded' (or 0) never drops."),
  SAMPLING("replay.sampling", "independent",
      "Batch draws: 'independent' (i.i.d. with replacement) or 'stratified' (one per segment)."),
  MIN_SIZE("replay.minSize", "0", "Rate limiter: items required before the first sample."),
  SAMPLES_PER_INSERT("replay.samplesPerInsert", "0",
      "Rate limiter: target ratio of sampled to inserted items; 0 disables the ratio."),
  ERROR_BUFFER("replay.errorBuffer", "2048",
      "Rate limiter: allowed deviation (in samples) from the ratio; must be >= max(1, ratio)."),
  RATE_LIMIT("replay.rateLimit", "refuse",
      "What a rate-limited call does: 'refuse' (throw / return false) or 'block' (wait)."),
  RATE_LIMIT_TIMEOUT_MS("replay.rateLimitTimeoutMs", "0",
      "In block mode, longest wait in milliseconds before refusing; 0 waits indefinitely."),
  SEED("replay.seed", "42", "Seed of the buffer's random generator (xoshiro256**)."),
  TRACE("replay.trace", "", "File receiving a per-sample trace; empty disables tracing."),
  TRACE_FORMAT("replay.traceFormat", "binary", "Trace format: 'binary' or 'csv'.");

  private final String key;
  private final String defaultValue;
  private final String description;

  ReplayOption(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The option with {@code key}, or {@code null}. */
  public static ReplayOption forKey(String key) {
    for (ReplayOption option : values()) {
      if (option.key.equals(key)) {
        return option;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s [%s] %s", key, defaultValue, description);
  }
}
