package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.tmr.config.Config;
import io.tmr.config.ConfigKey;
import io.tmr.replay.trace.TraceFormat;
import java.util.Map;

/**
 * A buffer's configuration: a value for every {@code replay.*} option of the library ({@link
 * ReplayOptions}) and of the registered plugins, immutable and validated; each failure names the
 * option. Build with {@link #builder()}, take the options out of a larger configuration with {@link
 * #of(Config)}, or parse with {@link #fromMap}.
 *
 * <p>{@code capacity == 0} is the documented way to say "no buffer": {@link ReplayBuffers#create}
 * then returns a disabled buffer (plain ELECTRA). Plugin names ({@code strategy}, {@code eviction},
 * {@code weight}) are checked against the registry when a buffer is created, not here, so that a
 * config can be built before plugins are on the class path.
 */
public final class ReplayConfig {

  /** Largest capacity: the sum tree's flat array needs 2·2^⌈log2 capacity⌉ entries. */
  public static final int MAX_CAPACITY = ReplayOptions.MAX_CAPACITY;

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

  private final Config values;

  private ReplayConfig(Config values) {
    this.values = values;
    int capacity = capacity();
    checkArgument(
        (long) capacity * maxSeqLength() <= Integer.MAX_VALUE - 8,
        "replay.capacity x replay.maxSeqLength = %s tokens exceeds the Java array limit %s",
        (long) capacity * maxSeqLength(),
        Integer.MAX_VALUE - 8);
    checkArgument(
        minSize() <= capacity || capacity == 0,
        "replay.minSize (%s) must not exceed replay.capacity (%s): sampling would never start",
        minSize(),
        capacity);
    checkArgument(
        samplesPerInsert() == 0 || errorBuffer() >= Math.max(1.0, samplesPerInsert()),
        "replay.errorBuffer (%s) must be >= max(1, replay.samplesPerInsert = %s): a smaller buffer can block inserts and "
            + "samples for good",
        errorBuffer(),
        samplesPerInsert());
    checkArgument(
        priorityWindow() > 0 || newPriorityQuantile() == 1.0,
        "replay.priorityWindow=0 (every priority since the start) keeps only the running maximum: it needs "
            + "replay.newPriorityQuantile=1, got %s",
        newPriorityQuantile());
  }

  /** Defaults for every option. */
  public static ReplayConfig defaults() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults, over the options of the default registry's plugins too.
   */
  public static Builder builder() {
    return new Builder(Config.builder(ReplayRegistry.defaultRegistry().spec()));
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder(values.toBuilder());
  }

  /**
   * The {@code replay.*} options of a larger configuration (a run's), over the default registry's
   * spec: every option the run's spec declares is taken, the others keep their defaults.
   */
  public static ReplayConfig of(Config run) {
    return builder().from(run).build();
  }

  /**
   * Parses {@code replay.*} options; keys not given keep their defaults. Unknown keys, bad values
   * and inconsistent combinations throw {@link IllegalArgumentException} naming the option.
   */
  public static ReplayConfig fromMap(Map<String, String> map) {
    Builder b = builder();
    map.forEach(b::set);
    return b.build();
  }

  /** The canonical string form of every option; {@code fromMap(toMap())} equals this config. */
  public Map<String, String> toMap() {
    return values.formatted();
  }

  /** The value of any option: the library's ({@link ReplayOptions}) or a plugin's own. */
  public <T> T get(ConfigKey<T> key) {
    return values.get(key);
  }

  /** Whether this configuration asks for no buffer at all ({@code replay.capacity = 0}). */
  public boolean disabled() {
    return capacity() == 0;
  }

  /** Whether ids need 32 bits (vocabulary larger than 65,536). */
  public boolean wideIds() {
    return vocabSize() > 65_536;
  }

  /**
   * β after {@code step} sample calls: {@code (1-f)·β0 + f}, {@code f = min(1, step/betaSteps)}.
   */
  public double betaAt(long step) {
    checkArgument(step >= 0, "step must be >= 0, got %s", step);
    long betaSteps = betaSteps();
    checkArgument(
        betaSteps != ReplayOptions.BETA_STEPS_AUTO,
        "replay.betaSteps=auto must be replaced by the trainer (its run's sample calls) before a buffer samples");
    if (betaSteps == 0 || step >= betaSteps) {
      return 1.0;
    }
    double f = (double) step / betaSteps;
    // (1-f)·β0 + f rather than β0 + f·(1-β0): both endpoints come out exact in floating point.
    return (1.0 - f) * beta() + f;
  }

  public int capacity() {
    return values.get(ReplayOptions.CAPACITY);
  }

  public int maxSeqLength() {
    return values.get(ReplayOptions.MAX_SEQ_LENGTH);
  }

  public int vocabSize() {
    return values.get(ReplayOptions.VOCAB_SIZE);
  }

  public int segmentTypes() {
    return values.get(ReplayOptions.SEGMENT_TYPES);
  }

  public Labels labels() {
    return values.get(ReplayOptions.LABELS);
  }

  public String strategy() {
    return values.get(ReplayOptions.STRATEGY);
  }

  public String eviction() {
    return values.get(ReplayOptions.EVICTION);
  }

  public String weight() {
    return values.get(ReplayOptions.WEIGHT);
  }

  public double alpha() {
    return values.get(ReplayOptions.ALPHA);
  }

  public double beta() {
    return values.get(ReplayOptions.BETA);
  }

  public long betaSteps() {
    return values.get(ReplayOptions.BETA_STEPS);
  }

  public boolean importanceWeights() {
    return values.get(ReplayOptions.IMPORTANCE_WEIGHTS);
  }

  public double epsilon() {
    return values.get(ReplayOptions.EPSILON);
  }

  public double newPriorityQuantile() {
    return values.get(ReplayOptions.NEW_PRIORITY_QUANTILE);
  }

  public int priorityWindow() {
    return values.get(ReplayOptions.PRIORITY_WINDOW);
  }

  /** 0 means unbounded. */
  public int maxReplays() {
    return values.get(ReplayOptions.MAX_REPLAYS);
  }

  public Sampling sampling() {
    return values.get(ReplayOptions.SAMPLING);
  }

  public int minSize() {
    return values.get(ReplayOptions.MIN_SIZE);
  }

  /** 0 disables the samples-per-insert ratio. */
  public double samplesPerInsert() {
    return values.get(ReplayOptions.SAMPLES_PER_INSERT);
  }

  public double errorBuffer() {
    return values.get(ReplayOptions.ERROR_BUFFER);
  }

  public RateLimit rateLimit() {
    return values.get(ReplayOptions.RATE_LIMIT);
  }

  /** 0 means wait indefinitely (block mode only). */
  public long rateLimitTimeoutMs() {
    return values.get(ReplayOptions.RATE_LIMIT_TIMEOUT_MS);
  }

  public long seed() {
    return values.get(ReplayOptions.SEED);
  }

  /** Empty string disables tracing. */
  public String trace() {
    return values.get(ReplayOptions.TRACE);
  }

  public TraceFormat traceFormat() {
    return values.get(ReplayOptions.TRACE_FORMAT);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplayConfig other && toMap().equals(other.toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "ReplayConfig" + toMap();
  }

  /** Mutable builder; {@link #build()} validates the combination. */
  public static final class Builder {
    private final Config.Builder values;

    private Builder(Config.Builder values) {
      this.values = values;
    }

    /** Sets one option to a typed value. */
    public <T> Builder set(ConfigKey<T> key, T value) {
      checkNotNull(value, "value of %s", key.name());
      values.set(key, value);
      return this;
    }

    /**
     * Sets one option from its string form.
     *
     * @throws IllegalArgumentException for an unknown key (naming the nearest known one) or a value
     *     that does not parse
     */
    public Builder set(String key, String value) {
      checkNotNull(key, "key");
      checkNotNull(value, "value of %s", key);
      values.set(key, value, "replay config");
      return this;
    }

    /** Takes every {@code replay.*} option {@code run} declares. */
    public Builder from(Config run) {
      values.from(run);
      return this;
    }

    public ReplayConfig build() {
      return new ReplayConfig(values.build());
    }
  }
}
