package io.tmr.models.data;

import com.google.common.hash.Hashing;
import io.tmr.core.corpus.CorpusBuilder;
import io.tmr.core.corpus.CorpusManifest;
import io.tmr.core.corpus.CorpusReader;
import io.tmr.core.io.TmrHome;
import io.tmr.core.text.WordPieceTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds (or reads from the cache) the packed examples of a corpus split. The cache file under
 * {@code $TMR_HOME/examples/} is named by a hash of everything the examples depend on: the split
 * file's SHA-256 (from the corpus manifest), the vocabulary's SHA-256, the builder settings and the
 * seed; so a stale cache is never read.
 */
public final class PretrainingData {
  private static final Logger log = LoggerFactory.getLogger(PretrainingData.class);

  private PretrainingData() {}

  public enum Split {
    TRAIN(CorpusBuilder.TRAIN),
    VALIDATION(CorpusBuilder.VALIDATION);

    final String file;

    Split(String file) {
      this.file = file;
    }
  }

  public static PackedExamples load(
      Path corpusDir,
      Split split,
      WordPieceTokenizer tokenizer,
      ExampleBuilderConfig config,
      long seed)
      throws IOException {
    CorpusManifest manifest = CorpusBuilder.readManifest(corpusDir);
    String fileSha =
        split == Split.TRAIN ? manifest.train().sha256() : manifest.validation().sha256();
    String key =
        Hashing.sha256()
            .hashString(
                String.join(
                    "|",
                    "v1",
                    fileSha,
                    tokenizer.vocabulary().sha256(),
                    config.toString(),
                    Long.toString(seed)),
                StandardCharsets.UTF_8)
            .toString()
            .substring(0, 24);
    Path cache =
        TmrHome.root().resolve("examples").resolve(key + "-" + split.name().toLowerCase() + ".bin");
    if (Files.isRegularFile(cache)) {
      try {
        PackedExamples p = PackedExamples.read(cache);
        log.info("{} examples: {} read from cache {}", split, p.size(), cache);
        return p;
      } catch (IOException e) {
        log.warn("ignoring unreadable example cache {}: {}", cache, e.getMessage());
      }
    }
    long t0 = System.nanoTime();
    ExampleBuilder builder = new ExampleBuilder(tokenizer, config, seed);
    CorpusReader.read(corpusDir.resolve(split.file), d -> builder.addDocument(d.text()));
    PackedExamples p = builder.examples();
    p.write(cache);
    log.info(
        "{} examples: {} ({} tokens) built in {} s, cached at {}",
        split,
        p.size(),
        p.totalTokens(),
        String.format("%.1f", (System.nanoTime() - t0) / 1e9),
        cache);
    return p;
  }
}
