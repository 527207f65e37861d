package io.tmr.core.corpus;

import java.util.List;

/**
 * What a built corpus holds and where it came from; written as {@code manifest.json} beside the
 * documents.
 *
 * @param format manifest format version
 * @param createdAt ISO-8601 time of the build
 * @param tmrVersion version of TMR that built it
 * @param validationFraction share of documents (by id hash) in the validation split
 * @param splitSalt salt of the split hash (changing it gives another split)
 * @param sources per-source figures and provenance
 * @param train the train file
 * @param validation the validation file
 */
public record CorpusManifest(
    int format,
    String createdAt,
    String tmrVersion,
    double validationFraction,
    String splitSalt,
    List<SourceStats> sources,
    FileStats train,
    FileStats validation) {

  public static final int FORMAT = 1;

  /**
   * @param name source name
   * @param origin {@code npm NAME@VERSION}, {@code apt NAME=VERSION} or {@code dir PATH}
   * @param licence licence of the text
   * @param sha256 verified tree digest of the files read
   * @param documents documents emitted
   * @param words white-space separated words
   * @param bytes UTF-8 bytes of document text
   * @param trainDocuments documents in the train split
   * @param validationDocuments documents in the validation split
   */
  public record SourceStats(
      String name,
      String origin,
      String licence,
      String sha256,
      long documents,
      long words,
      long bytes,
      long trainDocuments,
      long validationDocuments) {}

  /** A JSONL file of the corpus: name, documents, bytes and SHA-256 of the file. */
  public record FileStats(String file, long documents, long bytes, String sha256) {}

  public long totalDocuments() {
    return train.documents() + validation.documents();
  }

  public long totalWords() {
    return sources.stream().mapToLong(SourceStats::words).sum();
  }
}
