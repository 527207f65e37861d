package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Text clean-up shared by the sources. */
final class Texts {
  private static final Pattern SPACES = Pattern.compile("[ \\t\\x0B\\f]+");
  private static final Pattern BLANK_LINES = Pattern.compile("\\n{2,}");

  private Texts() {}

  /** Reads a file as UTF-8, replacing malformed bytes (old e-mails are often Latin-1). */
  static String read(Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .decode(java.nio.ByteBuffer.wrap(bytes))
        .toString();
  }

  /**
   * Unix line ends, runs of spaces collapsed, lines trimmed, a paragraph break kept as one empty
   * line, no leading or trailing blank lines.
   */
  static String tidy(String text) {
    String t = text.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder sb = new StringBuilder(t.length());
    for (String line : t.split("\n", -1)) {
      sb.append(SPACES.matcher(line).replaceAll(" ").strip()).append('\n');
    }
    return BLANK_LINES.matcher(sb).replaceAll("\n\n").strip();
  }

  /**
   * Joins hard-wrapped lines of a paragraph into one line, keeping paragraph breaks: "sentences per
   * line" is what the example builder expects.
   */
  static String unwrapParagraphs(String tidy) {
    StringBuilder sb = new StringBuilder(tidy.length());
    for (String para : tidy.split("\n\n")) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(para.replace('\n', ' '));
    }
    return sb.toString();
  }
}
