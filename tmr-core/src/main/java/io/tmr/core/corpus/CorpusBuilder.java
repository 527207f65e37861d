package io.tmr.core.corpus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.base.Preconditions;
import com.google.common.hash.Hashing;
import com.google.common.hash.HashingOutputStream;
import io.tmr.core.io.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a corpus folder: {@code train.jsonl} and {@code validation.jsonl} (one document per line:
 * {@code id}, {@code source}, {@code text}) and {@code manifest.json}.
 *
 * <p>The split is by document and deterministic: a document goes to validation when the first 8
 * bytes of {@code SHA-256(salt + ":" + id)}, read as an unsigned fraction of 2^64, fall below the
 * validation fraction. It depends on nothing but the id, so adding a source never moves another
 * source's documents between splits.
 *
 * <p>Everything is written into a temporary sibling folder that replaces the output folder only
 * when complete; an error or a kill leaves the previous corpus (if any) untouched.
 */
public final class CorpusBuilder {
  private static final Logger log = LoggerFactory.getLogger(CorpusBuilder.class);
  public static final String TRAIN = "train.jsonl";
  public static final String VALIDATION = "validation.jsonl";
  public static final String MANIFEST = "manifest.json";
  public static final String DEFAULT_SALT = "tmr-split-v1";

  private final List<CorpusSource> sources = new ArrayList<>();
  private final List<DirectorySource> dirs = new ArrayList<>();
  private double validationFraction = 0.05;
  private String salt = DEFAULT_SALT;
  private PackageFetcher fetcher;
  private String tmrVersion = "dev";

  public CorpusBuilder addSources(List<CorpusSource> s) {
    sources.addAll(s);
    return this;
  }

  public CorpusBuilder addDirectory(Path dir) {
    dirs.add(new DirectorySource(dir));
    return this;
  }

  public CorpusBuilder validationFraction(double f) {
    Preconditions.checkArgument(
        f >= 0 && f < 1, "validation fraction must be in [0, 1), got %s", f);
    this.validationFraction = f;
    return this;
  }

  public CorpusBuilder splitSalt(String s) {
    this.salt = s;
    return this;
  }

  public CorpusBuilder fetcher(PackageFetcher f) {
    this.fetcher = f;
    return this;
  }

  public CorpusBuilder tmrVersion(String v) {
    this.tmrVersion = v;
    return this;
  }

  /** Whether {@code id} falls in the validation split. */
  public static boolean isValidation(String id, double fraction, String salt) {
    long h = Hashing.sha256().hashString(salt + ":" + id, StandardCharsets.UTF_8).asLong();
    double u = (h >>> 11) * 0x1.0p-53; // top 53 bits as a uniform double in [0, 1)
    return u < fraction;
  }

  /** Builds the corpus into {@code out} (replacing it when complete) and returns its manifest. */
  public CorpusManifest build(Path out) throws IOException {
    Preconditions.checkState(!sources.isEmpty() || !dirs.isEmpty(), "no corpus source selected");
    Preconditions.checkState(
        sources.isEmpty() || fetcher != null, "a package fetcher is needed for package sources");
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    removeUnfinishedBuilds(out);
    Path work = Files.createTempDirectory(parent, "." + out.getFileName() + ".building-");
    // Held while building, so that a later build can tell this folder from one a killed build left.
    io.tmr.core.run.FolderLock building = io.tmr.core.run.FolderLock.acquire(work, "corpus build");
    boolean done = false;
    try (building;
        Split split = new Split(work);
        Progress progress = Progress.start("corpus", sources.size() + dirs.size(), "sources")) {
      List<CorpusManifest.SourceStats> stats = new ArrayList<>();
      for (CorpusSource s : sources) {
        progress.setExtraMessage(s.name());
        Path root = fetcher.fetch(s.pkg());
        Counter c = new Counter();
        s.documents(root, d -> split.accept(d, c));
        stats.add(
            c.stats(
                s.name(),
                s.pkg().client() + " " + s.pkg().coordinates(),
                s.licence(),
                s.pkg().sha256()));
        log.info("{}: {} documents, {} words, {} bytes", s.name(), c.documents, c.words, c.bytes);
        progress.stepBy(1);
      }
      for (DirectorySource d : dirs) {
        progress.setExtraMessage(d.name());
        Counter c = new Counter();
        d.documents(doc -> split.accept(doc, c));
        stats.add(c.stats(d.name(), "dir " + d.dir(), "user-supplied", d.sha256()));
        log.info("{}: {} documents, {} words, {} bytes", d.name(), c.documents, c.words, c.bytes);
        progress.stepBy(1);
      }
      split.close();
      CorpusManifest manifest =
          new CorpusManifest(
              CorpusManifest.FORMAT,
              Instant.now().toString(),
              tmrVersion,
              validationFraction,
              salt,
              stats,
              split.train.stats(),
              split.validation.stats());
      Preconditions.checkState(
          manifest.train().documents() > 0, "the corpus has no train document");
      writeManifest(work.resolve(MANIFEST), manifest);
      building.close();
      Files.deleteIfExists(work.resolve(io.tmr.core.run.FolderLock.FILE));
      replace(work, out);
      done = true;
      return manifest;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      if (!done) {
        PackageFetcher.deleteRecursively(work);
      }
    }
  }

  public static void writeManifest(Path path, CorpusManifest manifest) throws IOException {
    byte[] json =
        io.tmr.config.StrictJson.json()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsBytes(manifest);
    Files.write(path, json);
  }

  public static CorpusManifest readManifest(Path corpusDir) throws IOException {
    Path p = corpusDir.resolve(MANIFEST);
    if (!Files.isRegularFile(p)) {
      throw new CorpusException(
          "no corpus at " + corpusDir + " (missing " + MANIFEST + "); run `tmr corpus build`");
    }
    try {
      return io.tmr.config.StrictJson.json().readValue(p.toFile(), CorpusManifest.class);
    } catch (IOException e) {
      throw new CorpusException(p + ": unreadable manifest: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes the {@code .NAME.building-*} folders of builds of {@code out} that were killed (their
   * lock is free), announced, and the {@code .NAME.old-*} copy a killed swap left beside a complete
   * corpus. A build still running elsewhere keeps its folder.
   */
  static void removeUnfinishedBuilds(Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    String name = out.getFileName().toString();
    List<Path> building = new ArrayList<>();
    List<Path> old = new ArrayList<>();
    try (var s = Files.list(parent)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith("." + name + ".building-") && Files.isDirectory(p)) {
          building.add(p);
        } else if (n.startsWith("." + name + ".old-") && Files.isDirectory(p)) {
          old.add(p);
        }
      }
    }
    boolean running = false;
    for (Path p : building) {
      try (var lock = io.tmr.core.run.FolderLock.acquire(p, "corpus build")) {
        // Free: its build is gone.
      } catch (io.tmr.core.run.FolderLock.HeldException live) {
        running = true;
        log.warn("{} belongs to a corpus build still running; left alone", p);
        continue;
      }
      PackageFetcher.deleteRecursively(p);
      log.warn("removed {}, left by a corpus build that was stopped before it finished", p);
    }
    if (!running && Files.isRegularFile(out.resolve(MANIFEST))) {
      for (Path p : old) {
        PackageFetcher.deleteRecursively(p);
        log.warn("removed {}, the previous corpus a stopped build had not yet deleted", p);
      }
    }
  }

  private static void replace(Path work, Path out) throws IOException {
    Path old = null;
    if (Files.exists(out)) {
      old = out.resolveSibling("." + out.getFileName() + ".old-" + System.nanoTime());
      Files.move(out, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(work, out, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      PackageFetcher.deleteRecursively(old);
    }
  }

  private static final class Counter {
    long documents;
    long words;
    long bytes;
    long train;
    long validation;

    CorpusManifest.SourceStats stats(String name, String origin, String licence, String sha) {
      return new CorpusManifest.SourceStats(
          name, origin, licence, sha, documents, words, bytes, train, validation);
    }
  }

  /** The two JSONL writers with their running counts and checksums. */
  private final class Split implements AutoCloseable {
    final JsonlWriter train;
    final JsonlWriter validation;
    private boolean closed;

    Split(Path dir) throws IOException {
      train = new JsonlWriter(dir.resolve(TRAIN));
      validation = new JsonlWriter(dir.resolve(VALIDATION));
    }

    void accept(Document d, Counter c) {
      c.documents++;
      c.words += d.words();
      c.bytes += d.text().getBytes(StandardCharsets.UTF_8).length;
      if (isValidation(d.id(), validationFraction, salt)) {
        c.validation++;
        validation.write(d);
      } else {
        c.train++;
        train.write(d);
      }
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        train.close();
        validation.close();
      }
    }
  }

  private static final class JsonlWriter implements AutoCloseable {
    private static final ObjectMapper JSON = io.tmr.config.StrictJson.json();
    private final Path path;
    private final HashingOutputStream hashing;
    private final BufferedWriter writer;
    private long documents;
    private long bytes;

    JsonlWriter(Path path) throws IOException {
      this.path = path;
      OutputStream raw = Files.newOutputStream(path);
      this.hashing = new HashingOutputStream(Hashing.sha256(), raw);
      this.writer =
          new BufferedWriter(new OutputStreamWriter(hashing, StandardCharsets.UTF_8), 1 << 16);
    }

    void write(Document d) {
      try {
        String line =
            JSON.writeValueAsString(Map.of("id", d.id(), "source", d.source(), "text", d.text()));
        writer.write(line);
        writer.write('\n');
        documents++;
        bytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
      } catch (IOException e) {
        throw new UncheckedIOException("could not write " + path + ": " + e.getMessage(), e);
      }
    }

    CorpusManifest.FileStats stats() {
      return new CorpusManifest.FileStats(
          path.getFileName().toString(), documents, bytes, hashing.hash().toString());
    }

    @Override
    public void close() throws IOException {
      writer.close();
    }
  }
}
