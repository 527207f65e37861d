package io.tmr.core.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A source of real text. Implementations are registered in {@code
 * META-INF/services/io.tmr.core.corpus.CorpusSource}; {@link CorpusSources} finds them by name.
 * Sources that read a user's folder are built directly ({@link DirectorySource}).
 */
public interface CorpusSource {
  /** Short unique name, e.g. {@code sotu}. */
  String name();

  /** The group it belongs to for {@code --sources}: {@code npm} or {@code apt}. */
  String group();

  /** One line for {@code --help} and the manifest. */
  String description();

  /** Licence of the text. */
  String licence();

  /** The pinned package holding the text. */
  PackageSpec pkg();

  /** Emits the documents found under the extracted package root, in a deterministic order. */
  void documents(Path extractedRoot, Consumer<Document> sink) throws IOException;
}
