package io.tmr.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tmr.core.corpus.CorpusBuilder;
import io.tmr.core.corpus.CorpusManifest;
import io.tmr.core.corpus.CorpusReader;
import io.tmr.core.io.AtomicFiles;
import io.tmr.core.io.TmrHome;
import io.tmr.core.text.Vocabularies;
import io.tmr.core.text.Vocabulary;
import io.tmr.core.text.WordPieceTrainer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tmr vocab train|export}. */
@Command(
    name = "vocab",
    mixinStandardHelpOptions = true,
    description = "Train or export WordPiece vocabularies.",
    subcommands = {VocabCommand.Train.class, VocabCommand.Export.class})
final class VocabCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "train",
      mixinStandardHelpOptions = true,
      description = {
        "Train a WordPiece vocabulary on a corpus' train split (BPE merges over BERT-pre-tokenised words",
        "with ## continuation, as HuggingFace's WordPieceTrainer). Writes $TMR_HOME/vocab/NAME.txt and NAME.json."
      })
  static final class Train implements Callable<Integer> {
    @Option(
        names = "--size",
        defaultValue = "8000",
        description = "Vocabulary size. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(
        names = "--corpus",
        defaultValue = Corpora.DEFAULT,
        paramLabel = "NAME|DIR",
        description = "Corpus. Default: ${DEFAULT-VALUE}.")
    String corpus;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "Vocabulary name (default: CORPUS-SIZE).")
    String name;

    @Option(
        names = "--out",
        paramLabel = "FILE",
        description = "Write vocab.txt here instead of $TMR_HOME/vocab/NAME.txt.")
    Path out;

    @Option(
        names = "--min-frequency",
        defaultValue = "2",
        description = "Smallest pair count that is still merged. Default: ${DEFAULT-VALUE}.")
    int minFrequency;

    @Option(
        names = "--limit-alphabet",
        defaultValue = "1000",
        description = "Most frequent characters kept. Default: ${DEFAULT-VALUE}.")
    int limitAlphabet;

    @Override
    public Integer call() throws Exception {
      Path dir = Corpora.resolve(corpus);
      CorpusManifest manifest = CorpusBuilder.readManifest(dir);
      WordPieceTrainer trainer = new WordPieceTrainer(size, minFrequency, limitAlphabet);
      long t0 = System.nanoTime();
      long[] docs = new long[1];
      CorpusReader.read(
          dir.resolve(CorpusBuilder.TRAIN),
          d -> {
            trainer.addText(d.text());
            docs[0]++;
          });
      Vocabulary v = trainer.train();
      String vocabName = name != null ? name : Path.of(corpus).getFileName() + "-" + size;
      Path target = out != null ? out : TmrHome.vocabularies().resolve(vocabName + ".txt");
      v.write(target);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("name", vocabName);
      meta.put("size", v.size());
      meta.put("sha256", v.sha256());
      meta.put(
          "algorithm",
          "BPE merges over BERT-pre-tokenised words, ## continuation (HF WordPieceTrainer)");
      meta.put("minFrequency", minFrequency);
      meta.put("limitAlphabet", limitAlphabet);
      meta.put("corpus", dir.toString());
      meta.put("corpusTrainSha256", manifest.train().sha256());
      meta.put("documents", docs[0]);
      meta.put("distinctWords", trainer.distinctWords());
      meta.put("createdAt", Instant.now().toString());
      String json =
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(meta);
      AtomicFiles.writeString(
          target.resolveSibling(
              target.getFileName().toString().replaceFirst("\\.txt$", "") + ".json"),
          json + "\n");
      System.out.printf(
          "trained %d tokens from %d documents (%d distinct words) in %.1f s%nvocabulary: %s (sha256 %s)%n",
          v.size(),
          docs[0],
          trainer.distinctWords(),
          (System.nanoTime() - t0) / 1e9,
          target,
          v.sha256());
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "Write a vocabulary (e.g. bert-base-uncased, derived from its Maven artifact and checksum-verified) as vocab.txt.")
  static final class Export implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "SPEC",
        description = "bert-base-uncased, a vocab.txt path or a trained name.")
    String vocab;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Target vocab.txt.")
    Path out;

    @Override
    public Integer call() throws Exception {
      Vocabulary v = Vocabularies.resolve(vocab);
      v.write(out);
      System.out.printf("%s: %d tokens, sha256 %s -> %s%n", vocab, v.size(), v.sha256(), out);
      return 0;
    }
  }
}
