package io.tmr.bench.glue;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TaskKind;
import io.tmr.bench.task.TextMetric;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything that distinguishes one TSV task from another: a value, so that a new task is a
 * constructor call ({@code super(TsvTaskSpec.classification("MyTask", "no", "yes")...build())}).
 */
public final class TsvTaskSpec {

  /** The file of one split and how its columns are laid out. */
  public record SplitFile(String fileName, TsvLayout layout) {
    public SplitFile {
      checkNotNull(fileName, "fileName");
      checkNotNull(layout, "layout");
    }
  }

  private final String name;
  private final TaskKind kind;
  private final List<String> labels;
  private final double minTarget;
  private final double maxTarget;
  private final List<TextMetric> metrics;
  private final String positiveLabel;
  private final boolean unorderedPair;
  private final String glueAverageGroup;
  private final String directoryName;
  private final String leaderboardFileName;
  private final Map<Split, SplitFile> splits;
  private final boolean skipMalformedRows;

  private TsvTaskSpec(Builder b) {
    this.name = b.name;
    this.kind = b.kind;
    this.labels = b.labels;
    this.minTarget = b.minTarget;
    this.maxTarget = b.maxTarget;
    this.metrics = List.copyOf(b.metrics);
    this.positiveLabel = b.positiveLabel;
    this.unorderedPair = b.unorderedPair;
    this.glueAverageGroup = b.glueAverageGroup;
    this.directoryName = b.directoryName == null ? b.name : b.directoryName;
    this.leaderboardFileName =
        b.leaderboardFileName == null ? b.name + ".tsv" : b.leaderboardFileName;
    this.splits = Collections.unmodifiableMap(new EnumMap<>(b.splits));
    this.skipMalformedRows = b.skipMalformedRows;
  }

  /** A classification task; {@code labels} in class-id order. */
  public static Builder classification(String name, String... labels) {
    checkArgument(labels.length >= 2, "a classification task needs at least two labels");
    Builder b = new Builder(name, TaskKind.CLASSIFICATION);
    b.labels = List.of(labels);
    checkArgument(b.labels.stream().distinct().count() == labels.length, "labels must be distinct");
    return b;
  }

  /** A regression task whose gold values lie in {@code [min, max]}. */
  public static Builder regression(String name, double min, double max) {
    checkArgument(min < max, "empty target range [%s, %s]", min, max);
    Builder b = new Builder(name, TaskKind.REGRESSION);
    b.labels = List.of();
    b.minTarget = min;
    b.maxTarget = max;
    return b;
  }

  public String name() {
    return name;
  }

  public TaskKind kind() {
    return kind;
  }

  public List<String> labels() {
    return labels;
  }

  /** Lowest valid gold value of a regression task. */
  public double minTarget() {
    return minTarget;
  }

  /** Highest valid gold value of a regression task. */
  public double maxTarget() {
    return maxTarget;
  }

  public List<TextMetric> metrics() {
    return metrics;
  }

  public Optional<String> positiveLabel() {
    return Optional.ofNullable(positiveLabel);
  }

  public boolean unorderedPair() {
    return unorderedPair;
  }

  public Optional<String> glueAverageGroup() {
    return Optional.ofNullable(glueAverageGroup);
  }

  public String directoryName() {
    return directoryName;
  }

  public String leaderboardFileName() {
    return leaderboardFileName;
  }

  public Map<Split, SplitFile> splits() {
    return splits;
  }

  public boolean skipMalformedRows() {
    return skipMalformedRows;
  }

  /** Collects a {@link TsvTaskSpec}; {@link #build()} checks it is consistent. */
  public static final class Builder {
    private final String name;
    private final TaskKind kind;
    private List<String> labels;
    private double minTarget = Double.NEGATIVE_INFINITY;
    private double maxTarget = Double.POSITIVE_INFINITY;
    private List<TextMetric> metrics = List.of();
    private String positiveLabel;
    private boolean unorderedPair;
    private String glueAverageGroup;
    private String directoryName;
    private String leaderboardFileName;
    private final Map<Split, SplitFile> splits = new EnumMap<>(Split.class);
    private boolean skipMalformedRows;

    private Builder(String name, TaskKind kind) {
      checkArgument(name != null && !name.isBlank(), "a task needs a name");
      this.name = name;
      this.kind = kind;
    }

    public Builder metrics(TextMetric... metrics) {
      this.metrics = List.of(metrics);
      return this;
    }

    /** The label whose F1 is reported (GLUE: {@code "1"} for MRPC and QQP). */
    public Builder positiveLabel(String label) {
      this.positiveLabel = label;
      return this;
    }

    /** The sentences of a pair are interchangeable (ELECTRA doubles such training data). */
    public Builder unorderedPair() {
      this.unorderedPair = true;
      return this;
    }

    /** Counts this task in the GLUE average under {@code group} (its own name, or "MNLI"). */
    public Builder glueAverageGroup(String group) {
      this.glueAverageGroup = group;
      return this;
    }

    /** Folder under the data root; defaults to the task name. */
    public Builder directory(String directoryName) {
      this.directoryName = directoryName;
      return this;
    }

    /** Submission file name; defaults to {@code <name>.tsv}. */
    public Builder leaderboardFile(String fileName) {
      this.leaderboardFileName = fileName;
      return this;
    }

    public Builder split(Split split, String fileName, TsvLayout layout) {
      checkArgument(
          splits.put(split, new SplitFile(fileName, layout)) == null,
          "split %s given twice",
          split);
      return this;
    }

    /**
     * Rows with the wrong number of columns are skipped and counted instead of failing the read
     * (QQP, whose files have known broken rows the reference reader skips).
     */
    public Builder skipMalformedRows() {
      this.skipMalformedRows = true;
      return this;
    }

    public TsvTaskSpec build() {
      checkState(!splits.isEmpty(), "%s: no splits", name);
      checkState(!metrics.isEmpty(), "%s: no metrics", name);
      Boolean pair = null;
      for (Map.Entry<Split, SplitFile> e : splits.entrySet()) {
        TsvLayout layout = e.getValue().layout();
        layout.checkComplete();
        checkState(
            layout.labeled() == e.getKey().labeled(),
            "%s: the %s layout %s a label column",
            name,
            e.getKey(),
            layout.labeled() ? "must not have" : "needs");
        checkState(
            pair == null || pair == layout.sentencePair(),
            "%s: every split must be single sentences or every split pairs",
            name);
        pair = layout.sentencePair();
      }
      checkState(
          !unorderedPair || Boolean.TRUE.equals(pair), "%s: only pair tasks are unordered", name);
      boolean regression = kind == TaskKind.REGRESSION;
      for (TextMetric m : metrics) {
        boolean correlation = m == TextMetric.PEARSON || m == TextMetric.SPEARMAN;
        checkState(
            correlation == regression, "%s: metric %s does not fit a %s task", name, m, kind);
      }
      if (metrics.contains(TextMetric.F1)) {
        checkState(positiveLabel != null, "%s: F1 needs a positive label", name);
        checkState(labels.size() == 2, "%s: F1 is defined for two classes", name);
      }
      checkState(
          positiveLabel == null || labels.contains(positiveLabel),
          "%s: positive label %s is not one of %s",
          name,
          positiveLabel,
          labels);
      return new TsvTaskSpec(this);
    }
  }
}
