package io.tmr.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tmr.config.plugin.PluginInfo;
import io.tmr.config.plugin.PluginJar;
import io.tmr.config.plugin.Plugins;
import io.tmr.core.env.BlasKernels;
import io.tmr.core.io.AtomicFiles;
import io.tmr.core.run.MetricsLog;
import io.tmr.core.run.RunDirectory;
import io.tmr.experiments.sweep.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tmr reproduce RUN_DIR}: re-runs a pretraining run from its recorded config (seed included)
 * into a new folder and diffs the two: config, status, final validation metrics, and every
 * deterministic metrics.csv cell (timing columns excluded). Pretraining is deterministic, so any
 * difference beyond {@code --tolerance} means the code, the data or the numerics changed.
 */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    description = {
      "Re-run a pretraining run (or a sweep trial) from its manifest's config and diff the result with the",
      "original: config, status, final validation metrics, every metrics.csv value except timings.",
      "Exit 0 when they agree within --tolerance, 1 when they differ. A plugin jar the run used must be unchanged",
      "(its SHA-256 is in the manifest): the command refuses when it is missing or changed."
    })
final class ReproduceCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(
      index = "0",
      paramLabel = "RUN_DIR",
      description = "A run folder (manifest.json), or a sweep trial folder (its run/).")
  Path runDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Folder of the new run (default: <RUN_DIR>.reproduce-<time> beside it).")
  Path out;

  @Option(
      names = "--threads",
      paramLabel = "T",
      description = "Threads of the re-run (default: the original's BLAS threads).")
  Integer threads;

  @Option(
      names = "--tolerance",
      defaultValue = "0",
      paramLabel = "T",
      description =
          "Largest absolute difference still counted as equal. Default: ${DEFAULT-VALUE}.")
  double tolerance;

  /** Columns that measure time, not what was computed. */
  static boolean timing(String column) {
    return column.endsWith("_ms")
        || column.endsWith("_ms_total")
        || column.equals("tokens_per_s")
        || column.endsWith("_seconds");
  }

  @Override
  public Integer call() throws Exception {
    Path original =
        Files.isRegularFile(runDir.resolve("trial.json")) ? runDir.resolve("run") : runDir;
    if (!Files.isRegularFile(original.resolve(RunDirectory.MANIFEST))) {
      throw new IllegalArgumentException(
          "no run at " + runDir + " (missing " + RunDirectory.MANIFEST + ")");
    }
    JsonNode before = JSON.readTree(original.resolve(RunDirectory.MANIFEST).toFile());
    Path target =
        out != null
            ? out
            : original.resolveSibling(
                original.getFileName()
                    + ".reproduce-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.now()));
    // The same thread budget as the original: BLAS sums in another order with another thread count.
    var nd4j = before.path("environment").path("nd4j");
    int t =
        threads != null
            ? threads
            : Math.max(
                1,
                nd4j.has("gemmThreads")
                    ? nd4j.path("gemmThreads").asInt(1)
                    : nd4j.path("blasThreads").asInt(1));
    List<String> jvmOptions = new ArrayList<>();
    before
        .path("environment")
        .path("jvm")
        .path("inputArguments")
        .forEach(
            a -> {
              // The heap and TMR's data folder as the original had them; the thread count is set
              // below.
              if (a.asText().startsWith("-Xmx")
                  || a.asText().startsWith("-Dtmr.") && !a.asText().startsWith("-Dtmr.threads=")) {
                jvmOptions.add(a.asText());
              }
            });
    // The re-run gets the OpenBLAS kernel set of the launcher's rule (ChildJvm); another kernel set
    // than the
    // original's sums in another order, so say so up front rather than leave the diff unexplained.
    // The plugins the run used must be the same jars (same SHA-256); a recorded jar that is still
    // in place but no longer on the plugin path is put on the re-run's.
    List<String> pluginJars = recordedPluginJars(before);
    ProcessBuilder pb =
        ChildJvm.current(jvmOptions, t)
            .withPlugins(pluginJars)
            .processBuilder(
                List.of(
                    "pretrain",
                    "--config",
                    original.resolve(RunDirectory.CONFIG).toString(),
                    "--run-dir",
                    target.toString()));
    String kernelsBefore = recordedKernels(before);
    String kernelsNow = pb.environment().getOrDefault(BlasKernels.VARIABLE, "unset");
    System.err.println(
        "reproduce: re-running "
            + original
            + " into "
            + target
            + " in a JVM with "
            + t
            + " thread(s), "
            + BlasKernels.VARIABLE
            + "="
            + kernelsNow);
    if (kernelsBefore != null && !kernelsBefore.equalsIgnoreCase(kernelsNow)) {
      System.err.println(
          "reproduce: warning: the original ran with "
              + BlasKernels.VARIABLE
              + "="
              + kernelsBefore
              + ", this re-run gets "
              + kernelsNow
              + "; other kernels sum in another order, so small differences are expected"
              + (kernelsBefore.equals("unset")
                  ? "."
                  : ". Set "
                      + BlasKernels.VARIABLE
                      + "="
                      + kernelsBefore
                      + " to re-run with the original's."));
    }
    pb.inheritIO();
    int rc = pb.start().waitFor();
    if (rc != 0) {
      throw new IllegalStateException("the re-run failed (exit " + rc + "); its folder: " + target);
    }
    JsonNode after = JSON.readTree(target.resolve(RunDirectory.MANIFEST).toFile());
    Diff d =
        diff(
            before,
            after,
            original.resolve(RunDirectory.METRICS),
            target.resolve(RunDirectory.METRICS),
            tolerance);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("original", original.toAbsolutePath().toString());
    report.put("reproduction", target.toAbsolutePath().toString());
    report.put("originalCommit", before.path("gitCommit").asText());
    report.put("reproductionCommit", after.path("gitCommit").asText());
    report.put("tolerance", tolerance);
    report.put("identical", d.identical());
    report.put("differences", d.lines());
    report.put("comparedCells", d.comparedCells());
    report.put("differingCells", d.differingCells());
    report.put("maxAbsDifference", d.maxAbs());
    AtomicFiles.writeString(
        target.resolve("reproduce.json"), JSON.writeValueAsString(report) + "\n");
    System.out.printf(
        "original:     %s (commit %s)%nreproduction: %s (commit %s)%n",
        original, before.path("gitCommit").asText(), target, after.path("gitCommit").asText());
    System.out.printf(
        "metrics.csv: %d cells compared (timing columns excluded), %d differ, largest difference %.3g%n",
        d.comparedCells(), d.differingCells(), d.maxAbs());
    d.lines().forEach(l -> System.out.println("  " + l));
    System.out.println(
        d.identical()
            ? "REPRODUCED: identical within tolerance " + tolerance
            : "DIFFERS: see above and " + target.resolve("reproduce.json"));
    return d.identical() ? 0 : 1;
  }

  /**
   * Checks the plugin jars a run's manifest recorded ({@code provenance.plugins}) against the
   * plugin path of this process and the files on disk; returns the recorded jars the re-run must
   * add to its plugin path (in place and unchanged, but not on the current path).
   *
   * @throws IllegalArgumentException one line naming the plugin and the jar when a recorded jar is
   *     missing or changed, or the plugin path now gives the plugin from another jar
   */
  static List<String> recordedPluginJars(JsonNode manifest) throws IOException {
    List<PluginInfo> recorded = new ArrayList<>();
    for (JsonNode n : manifest.path("provenance").path("plugins")) {
      PluginInfo p = JSON.treeToValue(n, PluginInfo.class);
      if (p.jar() != null) {
        recorded.add(p);
      }
    }
    return recorded.isEmpty() ? List.of() : recordedPluginJars(recorded, PluginCatalog.all());
  }

  static List<String> recordedPluginJars(List<PluginInfo> recorded, List<PluginInfo> now)
      throws IOException {
    List<String> add = new ArrayList<>();
    for (PluginInfo r : recorded) {
      String used =
          "the run used "
              + r.label()
              + " from plugin jar "
              + r.jar()
              + " (SHA-256 "
              + r.sha256()
              + ")";
      java.util.Optional<PluginInfo> current = PluginCatalog.find(now, r.kind(), r.name());
      if (current.isPresent()) {
        PluginInfo c = current.get();
        if (c.jar() != null && c.sha256().equals(r.sha256())) {
          continue;
        }
        throw new IllegalArgumentException(
            used
                + ", but the plugin path now gives it from "
                + (c.jar() == null ? "TMR's built-ins" : c.jar() + " (SHA-256 " + c.sha256() + ")")
                + "; put the run's jar on the plugin path instead to reproduce it");
      }
      Path jar = Path.of(r.jar());
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException(
            used
                + ", which is missing; put that jar on the plugin path (--plugins DIR, $"
                + Plugins.VARIABLE
                + " or $TMR_HOME/plugins) to reproduce the run");
      }
      String sha = PluginJar.sha256(jar);
      if (!sha.equals(r.sha256())) {
        throw new IllegalArgumentException(
            used
                + ", which has changed since (SHA-256 now "
                + sha
                + "); a reproduction needs the jar the run used");
      }
      if (!add.contains(jar.toString())) {
        add.add(jar.toString());
        System.err.println(
            "reproduce: "
                + r.label()
                + " is not on the plugin path; the re-run loads the run's jar "
                + jar
                + " (unchanged)");
      }
    }
    return add;
  }

  /**
   * The OPENBLAS_CORETYPE a run's manifest recorded ("unset" when it ran without one), or null when
   * it recorded nothing.
   */
  static String recordedKernels(JsonNode manifest) {
    JsonNode v = manifest.path("environment").path("environment").path(BlasKernels.VARIABLE);
    return !v.isTextual()
        ? null
        : v.asText().equals("null") || v.asText().isEmpty() ? "unset" : v.asText();
  }

  /** The outcome of comparing two runs. */
  record Diff(
      boolean identical,
      List<String> lines,
      long comparedCells,
      long differingCells,
      double maxAbs) {}

  static Diff diff(
      JsonNode before, JsonNode after, Path metricsBefore, Path metricsAfter, double tolerance)
      throws IOException {
    List<String> lines = new ArrayList<>();
    JsonNode ca = before.path("config");
    JsonNode cb = after.path("config");
    TreeSet<String> keys = new TreeSet<>();
    ca.fieldNames().forEachRemaining(keys::add);
    cb.fieldNames().forEachRemaining(keys::add);
    for (String k : keys) {
      if (!sameSetting(ca.path(k), cb.path(k)) && !k.equals("run.name")) {
        lines.add("config " + k + ": " + ca.path(k) + " -> " + cb.path(k));
      }
    }
    String sa = before.path("status").asText();
    String sb = after.path("status").asText();
    if (!sa.equals(sb)) {
      lines.add("status: " + sa + " -> " + sb);
    }
    double maxAbs = 0;
    JsonNode va = before.path("results").path("validation");
    JsonNode vb = after.path("results").path("validation");
    Iterator<String> names = va.fieldNames();
    while (names.hasNext()) {
      String k = names.next();
      double a = number(va.path(k));
      double b = number(vb.path(k));
      double diff = Math.abs(a - b);
      if (!(Double.isNaN(a) && Double.isNaN(b)) && !(diff <= tolerance)) {
        lines.add(String.format(Locale.ROOT, "final validation %s: %.9g -> %.9g", k, a, b));
      }
      if (Double.isFinite(diff)) {
        maxAbs = Math.max(maxAbs, diff);
      }
    }
    Map<String, double[]> ma = MetricsLog.read(metricsBefore);
    Map<String, double[]> mb = MetricsLog.read(metricsAfter);
    Map<Double, Integer> rowB = new LinkedHashMap<>();
    double[] stepsB = mb.get("step");
    for (int i = 0; i < stepsB.length; i++) {
      rowB.put(stepsB[i], i);
    }
    long compared = 0;
    long differing = 0;
    String first = null;
    double[] stepsA = ma.get("step");
    for (int i = 0; i < stepsA.length; i++) {
      Integer j = rowB.get(stepsA[i]);
      if (j == null) {
        lines.add(
            String.format(
                Locale.ROOT, "metrics.csv: step %.0f is missing from the reproduction", stepsA[i]));
        continue;
      }
      for (Map.Entry<String, double[]> col : ma.entrySet()) {
        if (timing(col.getKey()) || !mb.containsKey(col.getKey())) {
          continue;
        }
        double a = col.getValue()[i];
        double b = mb.get(col.getKey())[j];
        compared++;
        if (Double.isNaN(a) && Double.isNaN(b)) {
          continue;
        }
        double diff = Math.abs(a - b);
        if (!(diff <= tolerance)) {
          differing++;
          if (first == null) {
            first =
                String.format(
                    Locale.ROOT,
                    "metrics.csv: first difference at step %.0f, %s: %.9g -> %.9g",
                    stepsA[i],
                    col.getKey(),
                    a,
                    b);
          }
        }
        if (Double.isFinite(diff)) {
          maxAbs = Math.max(maxAbs, diff);
        }
      }
    }
    if (first != null) {
      lines.add(first);
    }
    if (!ma.keySet().equals(mb.keySet())) {
      lines.add("metrics.csv columns differ: " + ma.keySet() + " vs " + mb.keySet());
    }
    return new Diff(lines.isEmpty(), lines, compared, differing, maxAbs);
  }

  /**
   * Equal values, or numbers written two ways ({@code 1e-6} and {@code 1.0E-6} after a YAML round
   * trip).
   */
  static boolean sameSetting(JsonNode a, JsonNode b) {
    // Equal values, or the same text (a run written when an option was a string: "true" against
    // true).
    if (a.equals(b) || a.isValueNode() && b.isValueNode() && a.asText().equals(b.asText())) {
      return true;
    }
    double x = number(a);
    double y = number(b);
    return !Double.isNaN(x) && x == y;
  }

  private static double number(JsonNode n) {
    if (n.isNumber()) {
      return n.asDouble();
    }
    try {
      return Double.parseDouble(n.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
