package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import io.tmr.replay.trace.TraceFormat;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every {@code replay.*} option, immutable and validated. Build with {@link #builder()} or parse
 * with {@link #fromMap}; each validation failure names the option.
 *
 * <p>{@code capacity == 0} is the documented way to say "no buffer": {@link ReplayBuffers#create}
 * then returns a disabled buffer (plain ELECTRA). Plugin names ({@code strategy}, {@code eviction},
 * {@code weight}) are checked against the registry when a buffer is created, not here, so that a
 * config can be built before plugins are on the class path.
 *
 * @param newPriorityQuantile new items enter at this quantile of the last {@code priorityWindow}
 *     priorities the rule produced (1 = their maximum)
 * @param priorityWindow how many recent priorities the entry priority is taken over (0 = all)
 * @param maxReplays 0 means unbounded
 * @param samplesPerInsert 0 disables the samples-per-insert ratio
 * @param rateLimitTimeoutMs 0 means wait indefinitely (block mode only)
 * @param trace empty string disables tracing
 */
public record ReplayConfig(
    int capacity,
    int maxSeqLength,
    int vocabSize,
    int segmentTypes,
    Labels labels,
    String strategy,
    String eviction,
    String weight,
    double alpha,
    double beta,
    long betaSteps,
    boolean importanceWeights,
    double epsilon,
    double newPriorityQuantile,
    int priorityWindow,
    int maxReplays,
    Sampling sampling,
    int minSize,
    double samplesPerInsert,
    double errorBuffer,
    RateLimit rateLimit,
    long rateLimitTimeoutMs,
    long seed,
    String trace,
    TraceFormat traceFormat) {

  /** Largest capacity: the sum tree's flat array needs 2·2^⌈log2 capacity⌉ entries. */
  public static final int MAX_CAPACITY = 1 << 29;

  /** How labels are kept. */
  public enum Labels {
    /** One bit per token: replaced (corrupted id differs from the original) or not. */
    BITSET("bitset"),
    /** The original ids themselves, same width as the corrupted ids; labels derive from them. */
    ORIGINAL_IDS("original-ids");

    private final String label;

    Labels(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** How the rows of one batch are drawn. */
  public enum Sampling {
    /** Independent draws with replacement: every row follows P exactly. */
    INDEPENDENT("independent"),
    /** The probability mass is cut into n equal segments and one row is drawn in each. */
    STRATIFIED("stratified");

    private final String label;

    Sampling(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** What a call does when the rate limiter does not allow it now. */
  public enum RateLimit {
    REFUSE("refuse"),
    BLOCK("block");

    private final String label;

    RateLimit(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  public ReplayConfig {
    checkNotNull(labels, "replay.labels");
    checkNotNull(sampling, "replay.sampling");
    checkNotNull(rateLimit, "replay.rateLimit");
    checkNotNull(traceFormat, "replay.traceFormat");
    checkNotNull(trace, "replay.trace");
    checkArgument(capacity >= 0,
        "replay.capacity must be >= 0 (0 disables replay), got %s", capacity);
    checkArgument(capacity <= MAX_CAPACITY,
        "replay.capacity must be <= %s, got %s", MAX_CAPACITY, capacity);
    checkArgument(maxSeqLength >= 1, "replay.maxSeqLength must be >= 1, got %s", maxSeqLength);
    checkArgument((long) capacity * maxSeqLength <= Integer.MAX_VALUE - 8,
        "replay.capacity x replay.maxSeqLength = %s tokens exceeds the Java array limit %s",
        (long) capacity * maxSeqLength, Integer.MAX_VALUE - 8);
    checkArgument(vocabSize >= 1, "replay.vocabSize must be >= 1, got %s", vocabSize);
    checkArgument(segmentTypes >= 1, "replay.segmentTypes must be >= 1, got %s", segmentTypes);
    checkName(strategy, "replay.strategy");
    checkName(eviction, "replay.eviction");
    checkName(weight, "replay.weight");
    checkArgument(Double.isFinite(alpha) && alpha >= 0,
        "replay.alpha must be finite and >= 0, got %s", alpha);
    checkArgument(beta >= 0 && beta <= 1, "replay.beta must be in [0, 1], got %s", beta);
    checkArgument(betaSteps >= 0, "replay.betaSteps must be >= 0, got %s", betaSteps);
    checkArgument(Double.isFinite(epsilon) && epsilon >= 0,
        "replay.epsilon must be finite and >= 0, got %s", epsilon);
    checkArgument(newPriorityQuantile >= 0 && newPriorityQuantile <= 1,
        "replay.newPriorityQuantile must be in [0, 1], got %s", newPriorityQuantile);
    checkArgument(priorityWindow >= 0,
        "replay.priorityWindow must be >= 0 (0: every priority since the start), got %s",
        priorityWindow);
    checkArgument(priorityWindow > 0 || newPriorityQuantile == 1.0,
        "replay.priorityWindow=0 (every priority since the start) keeps only the running maximum:"
            + " it needs replay.newPriorityQuantile=1, got %s", newPriorityQuantile);
    checkArgument(maxReplays >= 0,
        "replay.maxReplays must be >= 1, or 0/'unbounded' for no limit, got %s", maxReplays);
    checkArgument(minSize >= 0, "replay.minSize must be >= 0, got %s", minSize);
    checkArgument(minSize <= capacity || capacity == 0,
        "replay.minSize (%s) must not exceed replay.capacity (%s): sampling would never start",
        minSize, capacity);
    checkArgument(Double.isFinite(samplesPerInsert) && samplesPerInsert >= 0,
        "replay.samplesPerInsert must be finite and >= 0 (0 disables it), got %s",
        samplesPerInsert);
    checkArgument(Double.isFinite(errorBuffer) && errorBuffer >= 0,
        "replay.errorBuffer must be finite and >= 0, got %s", errorBuffer);
    checkArgument(samplesPerInsert == 0 || errorBuffer >= Math.max(1.0, samplesPerInsert),
        "replay.errorBuffer (%s) must be >= max(1, replay.samplesPerInsert = %s): a smaller"
            + " buffer can block inserts and samples for good", errorBuffer, samplesPerInsert);
    checkArgument(rateLimitTimeoutMs >= 0,
        "replay.rateLimitTimeoutMs must be >= 0 (0 waits indefinitely), got %s",
        rateLimitTimeoutMs);
  }

  private static void checkName(String value, String option) {
    checkNotNull(value, option);
    checkArgument(!value.isBlank(), "%s must name a plugin, got an empty string", option);
  }

  /** Defaults for every option. */
  public static ReplayConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether this configuration asks for no buffer at all ({@code replay.capacity = 0}). */
  public boolean disabled() {
    return capacity == 0;
  }

  /** Whether ids need 32 bits (vocabulary larger than 65,536). */
  public boolean wideIds() {
    return vocabSize > 65_536;
  }

  /** β after {@code step} sample calls: {@code (1-f)·β0 + f}, {@code f = min(1, step/betaSteps)}. */
  public double betaAt(long step) {
    checkArgument(step >= 0, "step must be >= 0, got %s", step);
    if (betaSteps == 0 || step >= betaSteps) {
      return 1.0;
    }
    double f = (double) step / betaSteps;
    // (1-f)·β0 + f rather than β0 + f·(1-β0): both endpoints come out exact in floating point.
    return (1.0 - f) * beta + f;
  }

  /** All options with their descriptions and defaults, in declaration order. */
  public static ImmutableList<ReplayOption> options() {
    return ImmutableList.copyOf(ReplayOption.values());
  }

  /**
   * Parses {@code replay.*} options; keys not given keep their defaults. Unknown keys, bad values
   * and inconsistent combinations throw {@link IllegalArgumentException} naming the option.
   */
  public static ReplayConfig fromMap(Map<String, String> values) {
    Builder builder = builder();
    values.forEach(builder::set);
    return builder.build();
  }

  /** The canonical string form of every option; {@code fromMap(toMap())} equals this config. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (ReplayOption option : ReplayOption.values()) {
      map.put(option.key(), value(option));
    }
    return map;
  }

  /** The canonical string value of one option. */
  public String value(ReplayOption option) {
    return switch (option) {
      case CAPACITY -> Integer.toString(capacity);
      case MAX_SEQ_LENGTH -> Integer.toString(maxSeqLength);
      case VOCAB_SIZE -> Integer.toString(vocabSize);
      case SEGMENT_TYPES -> Integer.toString(segmentTypes);
      case LABELS -> labels.label();
      case STRATEGY -> strategy;
      case EVICTION -> eviction;
      case WEIGHT -> weight;
      case ALPHA -> Double.toString(alpha);
      case BETA -> Double.toString(beta);
      case BETA_STEPS -> Long.toString(betaSteps);
      case IMPORTANCE_WEIGHTS -> Boolean.toString(importanceWeights);
      case EPSILON -> Double.toString(epsilon);
      case NEW_PRIORITY_QUANTILE -> Double.toString(newPriorityQuantile);
      case PRIORITY_WINDOW -> Integer.toString(priorityWindow);
      case MAX_REPLAYS -> maxReplays == 0 ? "unbounded" : Integer.toString(maxReplays);
      case SAMPLING -> sampling.label();
      case MIN_SIZE -> Integer.toString(minSize);
      case SAMPLES_PER_INSERT -> Double.toString(samplesPerInsert);
      case ERROR_BUFFER -> Double.toString(errorBuffer);
      case RATE_LIMIT -> rateLimit.label();
      case RATE_LIMIT_TIMEOUT_MS -> Long.toString(rateLimitTimeoutMs);
      case SEED -> Long.toString(seed);
      case TRACE -> trace;
      case TRACE_FORMAT -> traceFormat.label();
    };
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private int capacity;
    private int maxSeqLength;
    private int vocabSize;
    private int segmentTypes;
    private Labels labels;
    private String strategy;
    private String eviction;
    private String weight;
    private double alpha;
    private double beta;
    private long betaSteps;
    private boolean importanceWeights;
    private double epsilon;
    private double newPriorityQuantile;
    private int priorityWindow;
    private int maxReplays;
    private Sampling sampling;
    private int minSize;
    private double samplesPerInsert;
    private double errorBuffer;
    private RateLimit rateLimit;
    private long rateLimitTimeoutMs;
    private long seed;
    private String trace;
    private TraceFormat traceFormat;

    private Builder() {
      for (ReplayOption option : ReplayOption.values()) {
        set(option.key(), option.defaultValue());
      }
    }

    private Builder(ReplayConfig c) {
      capacity = c.capacity;
      maxSeqLength = c.maxSeqLength;
      vocabSize = c.vocabSize;
      segmentTypes = c.segmentTypes;
      labels = c.labels;
      strategy = c.strategy;
      eviction = c.eviction;
      weight = c.weight;
      alpha = c.alpha;
      beta = c.beta;
      betaSteps = c.betaSteps;
      importanceWeights = c.importanceWeights;
      epsilon = c.epsilon;
      newPriorityQuantile = c.newPriorityQuantile;
      priorityWindow = c.priorityWindow;
      maxReplays = c.maxReplays;
      sampling = c.sampling;
      minSize = c.minSize;
      samplesPerInsert = c.samplesPerInsert;
      errorBuffer = c.errorBuffer;
      rateLimit = c.rateLimit;
      rateLimitTimeoutMs = c.rateLimitTimeoutMs;
      seed = c.seed;
      trace = c.trace;
      traceFormat = c.traceFormat;
    }

    /**
     * Sets one option from its string form.
     *
     * @throws IllegalArgumentException for an unknown key (the message lists the known ones) or a
     *     value that does not parse
     */
    public Builder set(String key, String value) {
      checkNotNull(key, "key");
      checkNotNull(value, "value of %s", key);
      ReplayOption option = ReplayOption.forKey(key);
      if (option == null) {
        throw new IllegalArgumentException("unknown option '" + key + "'; known options: "
            + Arrays.stream(ReplayOption.values()).map(ReplayOption::key)
                .collect(Collectors.joining(", ")));
      }
      String v = value.trim();
      switch (option) {
        case CAPACITY -> capacity = parseInt(key, v);
        case MAX_SEQ_LENGTH -> maxSeqLength = parseInt(key, v);
        case VOCAB_SIZE -> vocabSize = parseInt(key, v);
        case SEGMENT_TYPES -> segmentTypes = parseInt(key, v);
        case LABELS -> labels = parseEnum(key, v, Labels.values(), Labels::label);
        case STRATEGY -> strategy = v;
        case EVICTION -> eviction = v;
        case WEIGHT -> weight = v;
        case ALPHA -> alpha = parseDouble(key, v);
        case BETA -> beta = parseDouble(key, v);
        case BETA_STEPS -> betaSteps = parseLong(key, v);
        case IMPORTANCE_WEIGHTS -> importanceWeights = parseBoolean(key, v);
        case EPSILON -> epsilon = parseDouble(key, v);
        case NEW_PRIORITY_QUANTILE -> newPriorityQuantile = parseDouble(key, v);
        case PRIORITY_WINDOW -> priorityWindow = parseInt(key, v);
        case MAX_REPLAYS -> maxReplays = v.equals("unbounded") ? 0 : parseInt(key, v);
        case SAMPLING -> sampling = parseEnum(key, v, Sampling.values(), Sampling::label);
        case MIN_SIZE -> minSize = parseInt(key, v);
        case SAMPLES_PER_INSERT -> samplesPerInsert = parseDouble(key, v);
        case ERROR_BUFFER -> errorBuffer = parseDouble(key, v);
        case RATE_LIMIT -> rateLimit = parseEnum(key, v, RateLimit.values(), RateLimit::label);
        case RATE_LIMIT_TIMEOUT_MS -> rateLimitTimeoutMs = parseLong(key, v);
        case SEED -> seed = parseLong(key, v);
        case TRACE -> trace = v;
        case TRACE_FORMAT -> traceFormat = TraceFormat.parse(v);
      }
      return this;
    }

    private static int parseInt(String key, String v) {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
      }
    }

    private static long parseLong(String key, String v) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'", e);
      }
    }

    private static double parseDouble(String key, String v) {
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be a number, got '" + v + "'", e);
      }
    }

    private static boolean parseBoolean(String key, String v) {
      return switch (v) {
        case "true", "on" -> true;
        case "false", "off" -> false;
        default -> throw new IllegalArgumentException(
            key + " must be true/false (or on/off), got '" + v + "'");
      };
    }

    private static <E> E parseEnum(
        String key, String v, E[] values, java.util.function.Function<E, String> label) {
      for (E e : values) {
        if (label.apply(e).equals(v)) {
          return e;
        }
      }
      throw new IllegalArgumentException(key + " must be one of "
          + Arrays.stream(values).map(label).collect(Collectors.joining(", "))
          + ", got '" + v + "'");
    }

    public Builder capacity(int v) {
      capacity = v;
      return this;
    }

    public Builder maxSeqLength(int v) {
      maxSeqLength = v;
      return this;
    }

    public Builder vocabSize(int v) {
      vocabSize = v;
      return this;
    }

    public Builder segmentTypes(int v) {
      segmentTypes = v;
      return this;
    }

    public Builder labels(Labels v) {
      labels = v;
      return this;
    }

    public Builder strategy(String v) {
      strategy = v;
      return this;
    }

    public Builder eviction(String v) {
      eviction = v;
      return this;
    }

    public Builder weight(String v) {
      weight = v;
      return this;
    }

    public Builder alpha(double v) {
      alpha = v;
      return this;
    }

    public Builder beta(double v) {
      beta = v;
      return this;
    }

    public Builder betaSteps(long v) {
      betaSteps = v;
      return this;
    }

    public Builder importanceWeights(boolean v) {
      importanceWeights = v;
      return this;
    }

    public Builder epsilon(double v) {
      epsilon = v;
      return this;
    }

    public Builder newPriorityQuantile(double v) {
      newPriorityQuantile = v;
      return this;
    }

    /** 0 means every priority since the start (running maximum only). */
    public Builder priorityWindow(int v) {
      priorityWindow = v;
      return this;
    }

    /** 0 means unbounded. */
    public Builder maxReplays(int v) {
      maxReplays = v;
      return this;
    }

    public Builder sampling(Sampling v) {
      sampling = v;
      return this;
    }

    public Builder minSize(int v) {
      minSize = v;
      return this;
    }

    public Builder samplesPerInsert(double v) {
      samplesPerInsert = v;
      return this;
    }

    public Builder errorBuffer(double v) {
      errorBuffer = v;
      return this;
    }

    public Builder rateLimit(RateLimit v) {
      rateLimit = v;
      return this;
    }

    public Builder rateLimitTimeoutMs(long v) {
      rateLimitTimeoutMs = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder trace(String v) {
      trace = v;
      return this;
    }

    public Builder traceFormat(TraceFormat v) {
      traceFormat = v;
      return this;
    }

    public ReplayConfig build() {
      return new ReplayConfig(capacity, maxSeqLength, vocabSize, segmentTypes, labels, strategy,
          eviction, weight, alpha, beta, betaSteps, importanceWeights, epsilon,
          newPriorityQuantile, priorityWindow, maxReplays,
          sampling, minSize, samplesPerInsert, errorBuffer, rateLimit, rateLimitTimeoutMs, seed,
          trace, traceFormat);
    }
  }
}
