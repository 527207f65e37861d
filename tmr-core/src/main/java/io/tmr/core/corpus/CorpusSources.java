package io.tmr.core.corpus;

import io.tmr.config.plugin.Plugins;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds corpus sources by name or group through {@link java.util.ServiceLoader}: the built-ins and
 * those of the plugin jars ({@link Plugins#current()}).
 */
public final class CorpusSources {
  private CorpusSources() {}

  /** Every registered source, by name, in registration order. */
  public static Map<String, CorpusSource> all() {
    return Plugins.current().byName(CorpusSource.class, Plugins.CORPUS_SOURCE, CorpusSource::name);
  }

  /**
   * Resolves a comma-separated selection: source names, group names ({@code npm}: the prose from
   * npm, {@code apt}: the prose from Debian packages, {@code extra}: non-prose text such as
   * e-mails) or {@code all}. An unknown word is an error that lists the valid ones.
   */
  public static List<CorpusSource> select(String selection) {
    Map<String, CorpusSource> all = all();
    List<CorpusSource> out = new ArrayList<>();
    for (String raw : selection.split(",")) {
      String word = raw.strip();
      if (word.isEmpty() || word.equals("none")) {
        continue;
      }
      List<CorpusSource> matched = new ArrayList<>();
      for (CorpusSource s : all.values()) {
        if (word.equals("all") || word.equals(s.group()) || word.equals(s.name())) {
          matched.add(s);
        }
      }
      if (matched.isEmpty()) {
        throw new IllegalArgumentException(
            "unknown corpus source '"
                + word
                + "'; valid: all, npm, apt, extra, "
                + String.join(", ", all.keySet())
                + " (or --dir PATH for your own documents)");
      }
      for (CorpusSource s : matched) {
        if (!out.contains(s)) {
          out.add(s);
        }
      }
    }
    return out;
  }
}
