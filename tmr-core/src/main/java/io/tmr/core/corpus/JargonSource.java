package io.tmr.core.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** The Jargon File 4.4.7 (public domain), in documents of {@value #PARAGRAPHS} paragraphs. */
public final class JargonSource implements CorpusSource {
  static final int PARAGRAPHS = 60;

  @Override
  public String name() {
    return "jargon";
  }

  @Override
  public String group() {
    return "apt";
  }

  @Override
  public String description() {
    return "The Jargon File 4.4.7 (Debian jargon-text)";
  }

  @Override
  public String licence() {
    return "public domain";
  }

  @Override
  public PackageSpec pkg() {
    return new PackageSpec(
        "apt",
        "jargon-text",
        "4.4.7-4.1",
        "usr/share/doc/jargon-text/jargon.txt.gz",
        "f0711688c20d81e4603b398af15c3002d6c2fcf99e4882b6036b3c56d822f6fe");
  }

  @Override
  public void documents(Path root, Consumer<Document> sink) throws IOException {
    String text;
    try (InputStream in =
        new GZIPInputStream(
            Files.newInputStream(root.resolve("usr/share/doc/jargon-text/jargon.txt.gz")))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] paragraphs = Texts.unwrapParagraphs(Texts.tidy(text)).split("\n");
    for (int i = 0, chunk = 0; i < paragraphs.length; i += PARAGRAPHS, chunk++) {
      String doc =
          String.join(
              "\n",
              java.util.Arrays.asList(paragraphs)
                  .subList(i, Math.min(paragraphs.length, i + PARAGRAPHS)));
      sink.accept(new Document(String.format("%s/%04d", name(), chunk), name(), doc));
    }
  }
}
