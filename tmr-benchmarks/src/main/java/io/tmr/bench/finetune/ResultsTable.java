package io.tmr.bench.finetune;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Markdown tables of fine-tuning results: one task in detail, or several tasks in one summary. */
public final class ResultsTable {
  private ResultsTable() {}

  /** results.md of one task: the model, what ran, every metric over seeds, then timing. */
  public static String forTask(FinetuneJob.Result result, EncoderSource source) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(result.task()).append(" fine-tuning results\n\n");
    b.append("- model: ").append(source.summary()).append('\n');
    b.append("- evaluated on: ")
        .append(result.evaluation())
        .append(" (")
        .append(result.evalExamples())
        .append(" examples)\n");
    b.append("- trained on: ").append(result.trainExamples()).append(" examples per epoch\n");
    b.append("- seeds: ")
        .append(
            result.seeds().stream()
                .map(s -> Long.toString(s.seed()))
                .collect(Collectors.joining(", ")))
        .append("\n\n");
    b.append("| metric | median | mean | std | min | max | per seed |\n");
    b.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (Map.Entry<String, SeedStatistics> e : result.metrics().entrySet()) {
      SeedStatistics s = e.getValue();
      b.append("| ")
          .append(e.getKey())
          .append(" | ")
          .append(number(s.median()))
          .append(" | ")
          .append(number(s.mean()))
          .append(" | ")
          .append(number(s.std()))
          .append(" | ")
          .append(number(s.min()))
          .append(" | ")
          .append(number(s.max()))
          .append(" | ")
          .append(perSeed(s.values()))
          .append(" |\n");
    }
    b.append("\n| timing | median | min | max | per seed |\n");
    b.append("|---|---:|---:|---:|---|\n");
    timingRow(
        b, "training throughput (sequences/s)", result.timing().get("trainSequencesPerSecond"));
    timingRow(b, "training time (s)", result.timing().get("trainSeconds"));
    timingRow(b, "evaluation of the whole set (s)", result.timing().get("evalSeconds"));
    return b.toString();
  }

  /**
   * One row per task and metric: median, mean ± std, range, seeds, median training throughput and
   * evaluation time.
   */
  public static String summary(List<FinetuneJob.Result> results, EncoderSource source) {
    StringBuilder b = new StringBuilder();
    b.append("Model: ").append(source.summary()).append("\n\n");
    b.append(
        "| task | evaluated on | metric | median | mean ± std | min – max | seeds | train seq/s | eval s |\n");
    b.append("|---|---|---|---:|---:|---:|---:|---:|---:|\n");
    for (FinetuneJob.Result r : results) {
      for (Map.Entry<String, SeedStatistics> e : r.metrics().entrySet()) {
        SeedStatistics s = e.getValue();
        b.append("| ")
            .append(r.task())
            .append(" | ")
            .append(r.evaluation())
            .append(" | ")
            .append(e.getKey())
            .append(" | ")
            .append(number(s.median()))
            .append(" | ")
            .append(number(s.mean()))
            .append(" ± ")
            .append(number(s.std()))
            .append(" | ")
            .append(number(s.min()))
            .append(" – ")
            .append(number(s.max()))
            .append(" | ")
            .append(s.values().size())
            .append(" | ")
            .append(oneDecimal(r.timing().get("trainSequencesPerSecond").median()))
            .append(" | ")
            .append(twoDecimals(r.timing().get("evalSeconds").median()))
            .append(" |\n");
      }
    }
    return b.toString();
  }

  private static void timingRow(StringBuilder b, String name, SeedStatistics s) {
    b.append("| ")
        .append(name)
        .append(" | ")
        .append(twoDecimals(s.median()))
        .append(" | ")
        .append(twoDecimals(s.min()))
        .append(" | ")
        .append(twoDecimals(s.max()))
        .append(" | ")
        .append(
            s.values().stream().map(ResultsTable::twoDecimals).collect(Collectors.joining(", ")))
        .append(" |\n");
  }

  private static String perSeed(List<Double> values) {
    return values.stream().map(ResultsTable::number).collect(Collectors.joining(", "));
  }

  /** Metrics (×100 already) with two decimals; undefined values as n/a. */
  static String number(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v) : "n/a";
  }

  private static String twoDecimals(double v) {
    return number(v);
  }

  private static String oneDecimal(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "n/a";
  }
}
