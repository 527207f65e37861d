package io.tmr.experiments;

import io.tmr.core.corpus.CorpusBuilder;
import io.tmr.experiments.cli.TestCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Real but small pretraining data for sweep tests: a corpus of SST-2 training sentences from
 * {@code ../shared/data} (tests skip when it is absent) and a 2,000-token vocabulary trained on it,
 * under a temporary TMR home so nothing lands in the user's data folder. Trial JVMs get the same
 * home through {@code -Dtmr.home}.
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
    String shared = System.getProperty("tmr.shared", "../../shared");
    Path sst2 = Paths.get(shared, "data", "glue", "SST-2", "train.tsv");
    Assumptions.assumeTrue(Files.isRegularFile(sst2), "SST-2 absent: " + sst2);
    Path home = tmp.resolve("home");
    System.setProperty("tmr.home", home.toString());
    List<String> lines = Files.readAllLines(sst2, StandardCharsets.UTF_8);
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    int line = 1;
    for (int d = 0; d < 80 && line < lines.size(); d++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 40 && line < lines.size(); i++, line++) {
        String s = lines.get(line).split("\t")[0].strip();
        sb.append(Character.toUpperCase(s.charAt(0))).append(s.substring(1)).append(".\n");
      }
      Files.writeString(docs.resolve(String.format("d%04d.txt", d)), sb.toString());
    }
    Path corpus = tmp.resolve("corpus");
    new CorpusBuilder().addDirectory(docs).validationFraction(0.1).build(corpus);
    Path vocab = tmp.resolve("vocab.txt");
    String[] r = TestCli.run("vocab", "train", "--size", "2000", "--corpus", corpus.toString(), "--out", vocab.toString());
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
