package io.tmr.core.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tmr.config.Config;
import io.tmr.core.env.EnvironmentReport;
import io.tmr.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A run's folder {@code runs/<name>/<id>/}: {@code manifest.json}, {@code config.yaml}, {@code
 * metrics.csv}, {@code checkpoints/}, {@code plots/}. The manifest records the config, seed, git
 * commit, environment (JVM, OS, CPU, ND4J backend and BLAS, threads), start and end times, status
 * and every resume; it is rewritten atomically at each change. While a process writes the folder it
 * holds its {@link FolderLock}: a second writer is refused, naming the first.
 */
public final class RunDirectory {
  public static final String MANIFEST = "manifest.json";
  public static final String CONFIG = "config.yaml";
  public static final String METRICS = "metrics.csv";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;
  private final ObjectNode manifest;
  private FolderLock lock;

  private RunDirectory(Path dir, ObjectNode manifest, FolderLock lock) {
    this.dir = dir;
    this.manifest = manifest;
    this.lock = lock;
  }

  /** A fresh id: UTC time to the second, then the seed (readable and sortable). */
  public static String newId(long seed) {
    return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC)
            .format(Instant.now())
        + "-s"
        + seed;
  }

  /** Creates {@code root/name/id} for a new run; refuses to reuse a folder that holds a run. */
  public static RunDirectory create(Path dir, String kind, Config config, long seed)
      throws IOException {
    if (Files.exists(dir.resolve(MANIFEST))) {
      throw new IOException(
          dir + " already holds a run; resume it with --resume " + dir + " or choose another id");
    }
    Files.createDirectories(dir.resolve("checkpoints"));
    Files.createDirectories(dir.resolve("plots"));
    FolderLock lock = FolderLock.acquire(dir, "run");
    if (Files.exists(dir.resolve(MANIFEST))) {
      lock.close();
      throw new IOException(
          dir + " already holds a run; resume it with --resume " + dir + " or choose another id");
    }
    ObjectNode m = JSON.createObjectNode();
    m.put("kind", kind);
    m.put("runDir", dir.toAbsolutePath().toString());
    m.put("seed", seed);
    m.put("status", "running");
    m.put("startedAt", Instant.now().toString());
    m.putNull("endedAt");
    m.set("config", JSON.valueToTree(config.canonical()));
    m.set("configOrigins", JSON.valueToTree(config.origins()));
    m.set("environment", JSON.valueToTree(EnvironmentReport.forManifest()));
    m.put("gitCommit", EnvironmentReport.gitCommit());
    m.putArray("resumes");
    RunDirectory run = new RunDirectory(dir, m, lock);
    AtomicFiles.writeString(dir.resolve(CONFIG), config.toYaml());
    run.save();
    return run;
  }

  /**
   * Opens an existing run to resume it; records the resume (time, commit, step) in the manifest.
   */
  public static RunDirectory resume(Path dir, long fromStep) throws IOException {
    Path mf = dir.resolve(MANIFEST);
    if (!Files.isRegularFile(mf)) {
      throw new IOException("no run at " + dir + " (missing " + MANIFEST + ")");
    }
    FolderLock lock = FolderLock.acquire(dir, "run");
    ObjectNode m;
    try {
      m = (ObjectNode) JSON.readTree(mf.toFile());
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw new IOException(mf + ": not a readable run manifest: " + e.getMessage(), e);
    }
    ObjectNode r = m.withArray("resumes").addObject();
    r.put("at", Instant.now().toString());
    r.put("fromStep", fromStep);
    r.put("gitCommit", EnvironmentReport.gitCommit());
    m.put("status", "running");
    m.putNull("endedAt");
    RunDirectory run = new RunDirectory(dir, m, lock);
    run.save();
    return run;
  }

  public Path dir() {
    return dir;
  }

  public Path checkpoints() {
    return dir.resolve("checkpoints");
  }

  public Path plots() {
    return dir.resolve("plots");
  }

  public Path metrics() {
    return dir.resolve(METRICS);
  }

  public Path config() {
    return dir.resolve(CONFIG);
  }

  /**
   * Records options changed on this resume (in its entry of {@code resumes}) and the run's config
   * as it now is.
   */
  public void recordResumeOverrides(java.util.List<String> overrides, Map<String, Object> config)
      throws IOException {
    var resumes = manifest.withArray("resumes");
    if (resumes.size() > 0) {
      ObjectNode last = (ObjectNode) resumes.get(resumes.size() - 1);
      var o = last.putArray("overrides");
      overrides.forEach(o::add);
    }
    manifest.set("config", JSON.valueToTree(config));
    save();
  }

  /** Records a top-level value in the manifest (e.g. {@code provenance}). */
  public void record(String key, Object value) throws IOException {
    manifest.set(key, JSON.valueToTree(value));
    save();
  }

  /** Records a value under {@code results} in the manifest (final metrics, figures). */
  public void putResult(String key, Object value) throws IOException {
    manifest.withObject("/results").set(key, JSON.valueToTree(value));
    save();
  }

  /** Marks the run finished ({@code completed}, {@code failed: reason}, {@code stopped}). */
  public void finish(String status, Map<String, Object> results) throws IOException {
    manifest.put("status", status);
    manifest.put("endedAt", Instant.now().toString());
    if (results != null) {
      results.forEach((k, v) -> manifest.withObject("/results").set(k, JSON.valueToTree(v)));
    }
    save();
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }

  public String status() {
    return manifest.path("status").asText();
  }

  private void save() throws IOException {
    AtomicFiles.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(manifest) + "\n");
  }
}
