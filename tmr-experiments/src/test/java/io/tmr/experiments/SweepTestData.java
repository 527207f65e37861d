package io.tmr.experiments;

import io.tmr.core.corpus.CorpusBuilder;
import io.tmr.experiments.cli.TestCli;
import io.tmr.models.pretrain.TestCorpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Real but small pretraining data for sweep tests: a corpus of {@link TestCorpus#sentences()}
 * (SST-2 from {@code ../shared/data}, else testdata's Moby-Dick) and a 2,000-token vocabulary
 * trained on it, under a temporary TMR home so nothing lands in the user's data folder. Trial JVMs
 * get the same home through {@code -Dtmr.home}.
 */
public final class SweepTestData {
  public final Path home;
  public final Path corpus;
  public final Path vocab;

  private SweepTestData(Path home, Path corpus, Path vocab) {
    this.home = home;
    this.corpus = corpus;
    this.vocab = vocab;
  }

  public static SweepTestData build(Path tmp) throws IOException {
    Path home = tmp.resolve("home");
    System.setProperty("tmr.home", home.toString());
    Path docs = TestCorpus.writeDocuments(tmp.resolve("docs"), 80, 40);
    Path corpus = tmp.resolve("corpus");
    new CorpusBuilder().addDirectory(docs).validationFraction(0.1).build(corpus);
    Path vocab = tmp.resolve("vocab.txt");
    String[] r =
        TestCli.run(
            "vocab",
            "train",
            "--size",
            "2000",
            "--corpus",
            corpus.toString(),
            "--out",
            vocab.toString());
    if (!r[0].equals("0")) {
      throw new IOException("vocab train failed: " + r[2]);
    }
    return new SweepTestData(home, corpus, vocab);
  }

  /** The {@code tmr sweep} arguments that point trials at this data. */
  public List<String> sweepArguments() {
    List<String> a = new ArrayList<>();
    a.add("--set");
    a.add("data.corpus=" + corpus);
    a.add("--set");
    a.add("data.vocab=" + vocab);
    a.add("--jvm-opt=-Dtmr.home=" + home);
    a.add("--jvm-opt=-Xmx1g");
    return a;
  }
}
