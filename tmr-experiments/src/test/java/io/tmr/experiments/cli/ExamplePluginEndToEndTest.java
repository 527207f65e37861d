package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tmr.config.ConfigKey;
import io.tmr.config.plugin.PluginJar;
import io.tmr.config.plugin.Plugins;
import io.tmr.experiments.sweep.SweepDirectory;
import io.tmr.experiments.sweep.TrialSpec;
import io.tmr.models.pretrain.TestCorpus;
import io.tmr.replay.ReplayRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin tutorial as a user follows it: {@code examples/replay-plugin} is built by Maven as a
 * project of its own against TMR's artefacts (this build's {@code tmr-parent}, {@code tmr-config}
 * and {@code tmr-replay}, put in a private local repository that reads everything else from the
 * user's), its jar goes on the plugin path, and {@code tmr plugins}, a smoke {@code tmr pretrain}
 * and a smoke {@code tmr sweep} (a trial JVM) use the strategy by name with its option set; the
 * manifests name the jar and its SHA-256, and {@code tmr reproduce} refuses when that jar is
 * missing or changed. Skips only when no Maven can be found.
 */
@Tag("slow")
class ExamplePluginEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @AfterEach
  void builtInsAgain() {
    Plugins.install(Plugins.builtInOnly());
  }

  @Test
  void theExamplePluginIsBuiltAndUsedByPretrainSweepAndReproduce() throws Exception {
    Path root = repositoryRoot();
    String mvn = maven();
    Assumptions.assumeTrue(
        mvn != null,
        "Maven (mvn) is not on the PATH and -Dtmr.maven.home is not set: cannot build"
            + " examples/replay-plugin");

    // 1. Build the example as its own project.
    long t0 = System.nanoTime();
    Path jar = buildExample(root, mvn);
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    jar = Files.copy(jar, plugins.resolve(jar.getFileName()));
    String sha = PluginJar.sha256(jar);
    System.out.printf(
        "example plugin built in %.1f s: %s (sha256 %s)%n",
        (System.nanoTime() - t0) / 1e9, jar, sha);

    // 2. tmr plugins lists it with its jar and SHA-256.
    String[] listed = TestCli.run("--plugins", plugins.toString(), "plugins");
    assertEquals("0", listed[0], listed[2]);
    String line =
        listed[1]
            .lines()
            .filter(l -> l.startsWith("replay-strategy") && l.contains(" novelty "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(listed[1]));
    assertTrue(
        line.matches(
            "replay-strategy\\s+novelty\\s+" + Pattern.quote(jar.toString()) + "\\s+" + sha),
        line);
    System.out.println("tmr plugins: " + line.replaceAll("\\s+", " "));

    // 3. A smoke pretraining run with the strategy chosen by name and its option set.
    Path corpus = TestCorpus.build(tmp, 40);
    Path home = Path.of(System.getProperty("tmr.home"));
    Path run = tmp.resolve("run");
    List<String> pretrain =
        new ArrayList<>(List.of("--plugins", plugins.toString(), "pretrain", "--replay"));
    for (String s : smoke(corpus)) {
      pretrain.addAll(List.of("--set", s));
    }
    pretrain.addAll(
        List.of(
            "--set",
            "replay.strategy=novelty",
            "--set",
            "replay.novelty.decay=0.5",
            "--run-dir",
            run.toString()));
    long t1 = System.nanoTime();
    String[] trained = TestCli.run(pretrain.toArray(new String[0]));
    assertEquals("0", trained[0], trained[2]);
    JsonNode manifest = JSON.readTree(run.resolve("manifest.json").toFile());
    assertEquals("0.5", manifest.path("config").path("replay.novelty.decay").asText());
    assertUsesTheJar(manifest, jar, sha);
    System.out.printf(
        "tmr pretrain (novelty, decay 0.5): %d steps in %.1f s, validation disc_auc %.4f, manifest"
            + " plugin %s%n",
        manifest.path("results").path("steps").asLong(),
        (System.nanoTime() - t1) / 1e9,
        manifest.path("results").path("validation").path("disc_auc").asDouble(),
        manifest.path("provenance").path("plugins").get(0));

    // 4. A smoke sweep: its trial runs in a child JVM, which gets the plugin path.
    Path vocab = tmp.resolve("vocab.txt");
    PretrainCommand.loadModel(run).vocabulary().write(vocab);
    Path sweepDir = tmp.resolve("sweep");
    List<String> sweep =
        new ArrayList<>(
            List.of(
                "--plugins",
                plugins.toString(),
                "sweep",
                "--name",
                "novelty-smoke",
                "--grid",
                "replay.novelty.decay=2",
                "--set",
                "trainer=tmr",
                "--set",
                "replay.strategy=novelty",
                "--set",
                "data.vocab=" + vocab,
                "--dir",
                sweepDir.toString(),
                "--workers",
                "1",
                "--jvm-opt=-Dtmr.home=" + home,
                "--jvm-opt=-Xmx1g"));
    for (String s : smoke(corpus)) {
      sweep.addAll(List.of("--set", s));
    }
    long t2 = System.nanoTime();
    String[] swept = TestCli.run(sweep.toArray(new String[0]));
    assertEquals("0", swept[0], swept[1] + swept[2]);
    SweepDirectory s = SweepDirectory.read(sweepDir);
    assertEquals(1, s.trials().size());
    TrialSpec trial = s.trials().get(0);
    Path trialRun = s.trialDir(trial.id()).resolve("run");
    JsonNode trialManifest = JSON.readTree(trialRun.resolve("manifest.json").toFile());
    assertEquals("2.0", trialManifest.path("config").path("replay.novelty.decay").asText());
    assertUsesTheJar(trialManifest, jar, sha);
    assertEquals(
        plugins.toString(),
        trialManifest.path("environment").path("environment").path(Plugins.VARIABLE).asText(),
        "the trial JVM got the plugin path");
    System.out.printf(
        "tmr sweep (1 trial JVM, decay 2): %.1f s, trial validation disc_auc %.4f%n",
        (System.nanoTime() - t2) / 1e9,
        trialManifest.path("results").path("validation").path("disc_auc").asDouble());

    // 5. tmr reproduce refuses when the recorded jar is missing or changed (before running
    // anything).
    Path moved = Files.move(jar, tmp.resolve("moved.jar"));
    String[] missing = TestCli.run("reproduce", run.toString());
    assertEquals("1", missing[0]);
    assertTrue(missing[2].contains("from plugin jar " + jar), missing[2]);
    assertTrue(missing[2].contains("which is missing"), missing[2]);
    System.out.println("tmr reproduce, jar missing: " + missing[2].strip());
    Files.writeString(jar, "not the jar the run used");
    String[] changed = TestCli.run("reproduce", run.toString());
    assertEquals("1", changed[0]);
    assertTrue(changed[2].contains("which has changed since"), changed[2]);
    System.out.println("tmr reproduce, jar changed: " + changed[2].strip());
    Files.move(moved, jar, StandardCopyOption.REPLACE_EXISTING);
  }

  /** A tiny TMR run: a few steps of a 32-wide one-layer model (as the trainer tests use). */
  private static List<String> smoke(Path corpus) {
    return TestCorpus.tinyModel(
        corpus,
        "train.batchSize=8",
        "train.steps=8",
        "train.warmupSteps=2",
        "eval.every=4",
        "eval.batches=1",
        "checkpoint.every=4",
        "replay.capacity=32");
  }

  private static void assertUsesTheJar(JsonNode manifest, Path jar, String sha) {
    JsonNode p = manifest.path("provenance").path("plugins").get(0);
    assertEquals(Plugins.REPLAY_STRATEGY, p.path("kind").asText(), manifest.toString());
    assertEquals("novelty", p.path("name").asText());
    assertEquals("org.example.tmr.NoveltyStrategy", p.path("className").asText());
    assertEquals(jar.toString(), p.path("jar").asText());
    assertEquals(sha, p.path("sha256").asText());
  }

  /**
   * Runs {@code mvn package} on a copy of {@code examples/replay-plugin}, offline, with a private
   * local repository: this build's TMR artefacts, everything else linked from the user's.
   */
  private Path buildExample(Path root, String mvn) throws Exception {
    String version = version(root);
    Path repo = privateRepository(root, version);
    Path example = tmp.resolve("replay-plugin");
    copy(root.resolve("examples/replay-plugin"), example);
    Path log = tmp.resolve("example-build.log");
    try {
      return runMaven(mvn, repo, version, example, log);
    } finally {
      unlink(repo);
    }
  }

  private static Path runMaven(String mvn, Path repo, String version, Path example, Path log)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                mvn,
                "-B",
                "-o",
                "-q",
                "-Dstyle.color=never",
                "-Dmaven.repo.local=" + repo,
                "-Dtmr.version=" + version,
                "package")
            .directory(example.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("the example's build took over 10 minutes; log: " + log);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "mvn package of examples/replay-plugin failed:\n" + out);
    Path jar = example.resolve("target/tmr-novelty-strategy-1.0.jar");
    assertTrue(Files.isRegularFile(jar), out);
    return jar;
  }

  /** The Maven repository layout of this build's io.tmr artefacts, other groups linked. */
  private Path privateRepository(Path root, String version) throws IOException {
    Path user =
        Path.of(
            System.getProperty(
                "tmr.maven.repo",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    Path repo = Files.createDirectories(tmp.resolve("m2"));
    if (Files.isDirectory(user)) {
      link(user, repo, "io");
      Path io = Files.createDirectories(repo.resolve("io"));
      if (Files.isDirectory(user.resolve("io"))) {
        link(user.resolve("io"), io, "tmr");
      }
    }
    install(repo, "tmr-parent", version, root.resolve("pom.xml"), null);
    install(
        repo,
        "tmr-config",
        version,
        root.resolve("tmr-config/pom.xml"),
        codeSource(ConfigKey.class));
    install(
        repo,
        "tmr-replay",
        version,
        root.resolve("tmr-replay/pom.xml"),
        codeSource(ReplayRegistry.class));
    return repo;
  }

  /** Removes the links into the user's repository (the links only, never what they point to). */
  private static void unlink(Path repo) throws IOException {
    for (Path dir : List.of(repo, repo.resolve("io"))) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.toList()) {
          if (Files.isSymbolicLink(p)) {
            Files.delete(p);
          }
        }
      }
    }
  }

  /** Links every entry of {@code from} into {@code to} except {@code except}. */
  private static void link(Path from, Path to, String except) throws IOException {
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        String name = p.getFileName().toString();
        if (!name.equals(except) && !Files.exists(to.resolve(name))) {
          Files.createSymbolicLink(to.resolve(name), p);
        }
      }
    }
  }

  private void install(Path repo, String artifact, String version, Path pom, Path classes)
      throws IOException {
    Path dir = Files.createDirectories(repo.resolve("io/tmr").resolve(artifact).resolve(version));
    Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"));
    if (classes == null) {
      return;
    }
    Path jar = dir.resolve(artifact + "-" + version + ".jar");
    if (Files.isRegularFile(classes)) {
      Files.copy(classes, jar);
      return;
    }
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(
            new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
  }

  /** The jar or classes folder {@code type} was loaded from. */
  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path rel = from.relativize(f);
        if (rel.startsWith("target")) {
          continue;
        }
        Path dest = to.resolve(rel.toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(f, dest);
        }
      }
    }
  }

  /** The version in the root pom ({@code tmr-parent}'s). */
  private static String version(Path root) throws IOException {
    Matcher m =
        Pattern.compile("<artifactId>tmr-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(root.resolve("pom.xml")));
    assertTrue(m.find(), "no tmr-parent version in " + root.resolve("pom.xml"));
    return m.group(1);
  }

  private static Path repositoryRoot() {
    String prop = System.getProperty("tmr.root");
    if (prop != null && Files.isDirectory(Path.of(prop, "examples", "replay-plugin"))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("examples/replay-plugin"))) {
        return p;
      }
    }
    throw new AssertionError(
        "examples/replay-plugin not found above " + Path.of("").toAbsolutePath());
  }

  /** Maven: the one running this build ({@code tmr.maven.home}), else {@code mvn} on the PATH. */
  private static String maven() {
    String home = System.getProperty("tmr.maven.home");
    if (home != null && !home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "mvn"))) {
          return Path.of(dir, "mvn").toString();
        }
      }
    }
    return null;
  }
}
