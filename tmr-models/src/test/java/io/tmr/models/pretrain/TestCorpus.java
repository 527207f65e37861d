package io.tmr.models.pretrain;

import io.tmr.core.corpus.CorpusBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A small real corpus for trainer tests: SST-2 training sentences from {@code ../shared/data}, 40
 * per document; tests skip when the file is absent. Also points {@code tmr.home} at a temporary
 * folder so vocabularies and example caches stay out of the user's data directory.
 */
public final class TestCorpus {
  private TestCorpus() {}

  public static Path build(Path tmp, int documents) throws IOException {
    String shared = System.getProperty("tmr.shared", "../../shared");
    Path sst2 = Paths.get(shared, "data", "glue", "SST-2", "train.tsv");
    Assumptions.assumeTrue(Files.isRegularFile(sst2), "SST-2 absent: " + sst2);
    System.setProperty("tmr.home", tmp.resolve("home").toString());
    List<String> lines = Files.readAllLines(sst2, StandardCharsets.UTF_8);
    Path docs = Files.createDirectories(tmp.resolve("docs"));
    int line = 1;
    for (int d = 0; d < documents && line < lines.size(); d++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 40 && line < lines.size(); i++, line++) {
        String s = lines.get(line).split("\t")[0].strip();
        sb.append(Character.toUpperCase(s.charAt(0))).append(s.substring(1)).append(".\n");
      }
      Files.writeString(docs.resolve(String.format("d%04d.txt", d)), sb.toString());
    }
    Path corpus = tmp.resolve("corpus");
    new CorpusBuilder().addDirectory(docs).validationFraction(0.1).build(corpus);
    return corpus;
  }
}
