/**
 * The pretraining corpus: real public-domain text fetched with ordinary package clients at pinned
 * versions, verified by checksum, cut into documents and split deterministically into train and
 * validation parts with a manifest ({@link io.tmr.core.corpus.CorpusBuilder}); sources are plugins
 * ({@link io.tmr.core.corpus.CorpusSource}) found through {@link java.util.ServiceLoader}.
 */
package io.tmr.core.corpus;
