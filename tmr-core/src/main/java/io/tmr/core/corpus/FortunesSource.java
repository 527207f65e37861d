package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * BSD fortune cookies ({@code %}-separated), skipping the {@code .dat} indexes and {@code .u8}
 * links: documents of {@value #PER_DOCUMENT} fortunes, one fortune per line.
 */
public final class FortunesSource implements CorpusSource {
  static final int PER_DOCUMENT = 100;

  @Override
  public String name() {
    return "fortunes";
  }

  @Override
  public String group() {
    return "apt";
  }

  @Override
  public String description() {
    return "BSD fortune cookies (Debian fortunes)";
  }

  @Override
  public String licence() {
    return "BSD";
  }

  @Override
  public PackageSpec pkg() {
    return new PackageSpec(
        "apt",
        "fortunes",
        "1:1.99.1-7.3",
        "usr/share/games/fortunes/*",
        "87a9cea9940a0e0525c01f0ccc30fd359230e621ed7c031a53d1f47f84471cce");
  }

  @Override
  public void documents(Path root, Consumer<Document> sink) throws IOException {
    for (Path p : TreeDigest.files(root, pkg().include())) {
      String file = p.getFileName().toString();
      if (file.endsWith(".dat") || file.endsWith(".u8")) {
        continue;
      }
      List<String> fortunes = new ArrayList<>();
      for (String f : Texts.read(p).split("(?m)^%\\s*$")) {
        String t = Texts.tidy(f.replace("\n", " "));
        if (!t.isEmpty()) {
          fortunes.add(t);
        }
      }
      for (int i = 0, chunk = 0; i < fortunes.size(); i += PER_DOCUMENT, chunk++) {
        sink.accept(
            new Document(
                String.format("%s/%s/%03d", name(), file, chunk),
                name(),
                String.join(
                    "\n", fortunes.subList(i, Math.min(fortunes.size(), i + PER_DOCUMENT)))));
      }
    }
  }
}
