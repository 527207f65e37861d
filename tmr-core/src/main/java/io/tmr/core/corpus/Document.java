package io.tmr.core.corpus;

import com.google.common.base.Preconditions;

/**
 * One corpus document: a stable id ({@code source/name}), its source, and its text with lines
 * separated by {@code \n} (a line is a sentence or a paragraph; the example builder splits
 * further).
 */
public record Document(String id, String source, String text) {
  public Document {
    Preconditions.checkArgument(!id.isBlank(), "document id is blank");
    Preconditions.checkArgument(!source.isBlank(), "document %s has a blank source", id);
  }

  /** Number of white-space separated words. */
  public long words() {
    long n = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean ws = Character.isWhitespace(text.charAt(i));
      if (!ws && !inWord) {
        n++;
      }
      inWord = !ws;
    }
    return n;
  }
}
