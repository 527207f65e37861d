package io.tmr.bench.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.tmr.core.text.Truncation;
import io.tmr.core.text.Vocabularies;
import io.tmr.core.text.WordPieceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding speed of TMR's WordPiece tokenizer against HuggingFace's Rust tokenizer (through DJL),
 * both with bert-base-uncased, both encoding the same {@value #SENTENCES} real sentences (SST-2
 * train from {@code ../shared/data}, else the built corpus) per operation, single thread. Tokens/s
 * = {@code tokensPerOp} (printed at set-up) × ops/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class TokenizerBenchmark {
  static final int SENTENCES = 2000;

  private List<String> sentences;
  private WordPieceTokenizer ours;
  private HuggingFaceTokenizer hf;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    sentences = loadSentences();
    ours = new WordPieceTokenizer(Vocabularies.bertBaseUncased());
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      hf =
          HuggingFaceTokenizer.newInstance(
              in, Map.of("padding", "false", "truncation", "true", "maxLength", "512"));
    }
    long tokens = 0;
    for (String s : sentences) {
      tokens += ours.encode(s, 512, Truncation.LONGEST_FIRST, false).length();
    }
    System.out.printf("%n[tokenizer] %d sentences, tokensPerOp=%d%n", sentences.size(), tokens);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hf.close();
  }

  @Benchmark
  public void tmrWordPiece(Blackhole bh) {
    for (String s : sentences) {
      bh.consume(ours.encode(s, 512, Truncation.LONGEST_FIRST, false));
    }
  }

  @Benchmark
  public void huggingFace(Blackhole bh) {
    for (String s : sentences) {
      bh.consume(hf.encode(s));
    }
  }

  static List<String> loadSentences() throws IOException {
    String shared = System.getProperty("tmr.shared", "../shared");
    Path sst2 = Paths.get(shared, "data", "glue", "SST-2", "train.tsv");
    List<String> out = new ArrayList<>();
    if (Files.isRegularFile(sst2)) {
      List<String> lines = Files.readAllLines(sst2, StandardCharsets.UTF_8);
      for (int i = 1; i < lines.size() && out.size() < SENTENCES; i++) {
        out.add(lines.get(i).split("\t")[0]);
      }
      return out;
    }
    Path corpus = io.tmr.core.io.TmrHome.corpora().resolve("npm").resolve("validation.jsonl");
    io.tmr.core.corpus.CorpusReader.read(
        corpus,
        d -> {
          for (String line : d.text().split("\n")) {
            if (out.size() < SENTENCES && !line.isBlank()) {
              out.add(line);
            }
          }
        });
    return out;
  }
}
