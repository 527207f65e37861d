package io.tmr.bench.pretrain;

import io.tmr.config.Config;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.models.pretrain.TrainStep;
import io.tmr.models.tmr.ReplayFeed;
import io.tmr.models.tmr.TmrOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tmr bench tmr}: ELECTRA against TMR variants on one model shape and seed, in one process:
 * per-step time split (generator, discriminator, buffer operations, priority computation,
 * optimizer), time per fresh example and per discriminator example, each as a ratio to ELECTRA.
 */
public final class TmrOverheadBenchmark {
  private TmrOverheadBenchmark() {}

  /** The variants compared, as replay overrides (null = ELECTRA). */
  public static Map<String, List<String>> variants() {
    Map<String, List<String>> v = new LinkedHashMap<>();
    v.put("electra", null);
    v.put("uniform k=1", List.of("replay.strategy=uniform"));
    v.put(
        "prio x loss-diff k=1",
        List.of("replay.strategy=prioritized", "replay.weight=loss-difference"));
    v.put(
        "prio x loss-diff k=1 clean",
        List.of(
            "replay.strategy=prioritized",
            "replay.weight=loss-difference",
            "replay.priorityLoss=clean"));
    v.put(
        "prio x gradnorm bound k=1",
        List.of(
            "replay.strategy=prioritized",
            "replay.weight=gradient-norm",
            "replay.gradientNorm=bound"));
    v.put(
        "prio x gradnorm exact k=1",
        List.of(
            "replay.strategy=prioritized",
            "replay.weight=gradient-norm",
            "replay.gradientNorm=exact"));
    v.put(
        "prio x loss-diff k=2",
        List.of("replay.weight=loss-difference", "replay.generatorInterval=2"));
    v.put(
        "prio x loss-diff k=4",
        List.of("replay.weight=loss-difference", "replay.generatorInterval=4"));
    v.put(
        "prio x loss-diff k=1 async",
        List.of("replay.weight=loss-difference", "replay.async=true", "replay.asyncLag=1"));
    v.put(
        "prio x loss-diff k=2 async",
        List.of(
            "replay.weight=loss-difference",
            "replay.generatorInterval=2",
            "replay.async=true",
            "replay.asyncLag=1"));
    return v;
  }

  public record Row(
      String name,
      double stepMs,
      double generatorMs,
      double discriminatorMs,
      double bufferMs,
      double priorityMs,
      double optimizerMs,
      double freshPerStep,
      double discPerStep) {
    double msPerFresh() {
      return stepMs / freshPerStep;
    }

    double msPerDisc() {
      return stepMs / discPerStep;
    }
  }

  public static List<Row> run(String shape, int batch, int seq, int warmup, int steps) {
    List<Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<String>> v : variants().entrySet()) {
      rows.add(runVariant(shape, batch, seq, warmup, steps, v.getKey(), v.getValue()));
    }
    return rows;
  }

  static Row runVariant(
      String shape,
      int batch,
      int seq,
      int warmup,
      int steps,
      String name,
      List<String> overrides) {
    ElectraConfig shapeConfig = Shapes.of(shape);
    DiscriminatorFeed feed;
    ReplayFeed replay = null;
    if (overrides == null) {
      feed = DiscriminatorFeed.electra();
    } else {
      List<String> o = new ArrayList<>(List.of("trainer=tmr", "replay.capacity=4096"));
      o.addAll(overrides);
      Config c = Config.builder(TmrOptions.spec()).overrides(o).build();
      replay = new ReplayFeed(c, batch, warmup + steps, seq, shapeConfig.vocabSize(), 1);
      feed = replay;
    }
    StepHarness h = new StepHarness(shapeConfig, batch, seq);
    double[] total = new double[steps];
    double[] gen = new double[steps];
    double[] disc = new double[steps];
    double[] buf = new double[steps];
    double[] pri = new double[steps];
    double[] opt = new double[steps];
    long fresh = 0;
    long discRows = 0;
    try (TrainStep step = h.trainStep(feed, warmup + steps)) {
      for (int i = 0; i < warmup + steps; i++) {
        double buf0 = replay == null ? 0 : replay.bufferMillis();
        double pri0 = replay == null ? 0 : replay.priorityMillis();
        TrainStep.Result r = step.run(i + 1, false);
        if (i >= warmup) {
          int k = i - warmup;
          TrainStep.Times t = r.times();
          total[k] = t.total();
          gen[k] = t.generator();
          disc[k] = t.discriminator();
          pri[k] = replay == null ? 0 : replay.priorityMillis() - pri0;
          buf[k] = replay == null ? t.feed() : replay.bufferMillis() - buf0;
          opt[k] = t.optimizer();
          fresh += r.generatorRows();
          discRows += r.composition().rows();
        }
      }
    }
    // Means, not medians: with k > 1 the generator runs on a fixed share of steps and the mean is
    // what a run pays.
    return new Row(
        name,
        mean(total),
        mean(gen),
        mean(disc),
        mean(buf),
        mean(pri),
        mean(opt),
        fresh / (double) steps,
        discRows / (double) steps);
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  public static void print(List<Row> rows, PrintStream out) {
    Row base = rows.get(0);
    out.printf(
        "%-28s %9s %9s %9s %9s %9s %9s %8s %11s %11s %10s%n",
        "variant",
        "step ms",
        "gen ms",
        "disc ms",
        "buffer ms",
        "prio ms",
        "opt ms",
        "step/E",
        "ms/fresh/E",
        "ms/disc/E",
        "(buf+prio)/E");
    for (Row r : rows) {
      out.printf(
          "%-28s %9.1f %9.1f %9.1f %9.2f %9.2f %9.1f %8.3f %11.3f %11.3f %9.2f%%%n",
          r.name(),
          r.stepMs(),
          r.generatorMs(),
          r.discriminatorMs(),
          r.bufferMs(),
          r.priorityMs(),
          r.optimizerMs(),
          r.stepMs() / base.stepMs(),
          r.msPerFresh() / base.msPerFresh(),
          r.msPerDisc() / base.msPerDisc(),
          100 * (r.bufferMs() + r.priorityMs()) / base.stepMs());
    }
    out.println(
        "E = ELECTRA in this run. step/E: wall-clock per discriminator update; ms/fresh: per fresh corpus sequence;"
            + " ms/disc: per discriminator sequence; (buf+prio)/E: buffer operations + priority computation as a share of an ELECTRA step.");
  }
}
