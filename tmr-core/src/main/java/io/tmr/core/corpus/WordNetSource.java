package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * WordNet 3.0 glosses (definitions and examples) from {@code data.{noun,verb,adj,adv}}: the text
 * after {@code "| "} on each synset line, one gloss per line, grouped into documents of {@value
 * #GLOSSES_PER_DOCUMENT} consecutive synsets.
 */
public final class WordNetSource implements CorpusSource {
  static final int GLOSSES_PER_DOCUMENT = 200;

  @Override
  public String name() {
    return "wordnet";
  }

  @Override
  public String group() {
    return "apt";
  }

  @Override
  public String description() {
    return "WordNet 3.0 glosses (Debian wordnet-base)";
  }

  @Override
  public String licence() {
    return "WordNet 3.0 licence (BSD-like)";
  }

  @Override
  public PackageSpec pkg() {
    return new PackageSpec(
        "apt",
        "wordnet-base",
        "1:3.0-37",
        "usr/share/wordnet/data.{noun,verb,adj,adv}",
        "56954f68cdf9cc2815ec318fa7c7476fd51d10575745c18d3dafdeac4486d04a");
  }

  @Override
  public void documents(Path root, Consumer<Document> sink) throws IOException {
    for (String pos : new String[] {"noun", "verb", "adj", "adv"}) {
      List<String> glosses = new ArrayList<>();
      int chunk = 0;
      for (String line : Texts.read(root.resolve("usr/share/wordnet/data." + pos)).split("\n")) {
        if (line.startsWith("  ")) {
          continue; // licence header
        }
        int bar = line.indexOf("| ");
        if (bar >= 0) {
          glosses.add(line.substring(bar + 2).strip());
        }
        if (glosses.size() == GLOSSES_PER_DOCUMENT) {
          sink.accept(
              new Document(
                  String.format("%s/%s/%04d", name(), pos, chunk++),
                  name(),
                  String.join("\n", glosses)));
          glosses.clear();
        }
      }
      if (!glosses.isEmpty()) {
        sink.accept(
            new Document(
                String.format("%s/%s/%04d", name(), pos, chunk),
                name(),
                String.join("\n", glosses)));
      }
    }
  }
}
