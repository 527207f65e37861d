/**
 * Text to token ids: a BERT-compatible uncased WordPiece tokenizer (normalisation,
 * pre-tokenisation, greedy longest-match-first WordPiece, pair templates, truncation, padding,
 * offsets back into the original text) and a WordPiece vocabulary trainer.
 *
 * <p>The behaviour mirrors HuggingFace's {@code BertNormalizer}, {@code BertPreTokenizer} and
 * {@code WordPiece} model as configured in {@code bert-base-uncased}'s {@code tokenizer.json}, and
 * is checked token for token against that implementation in the test suite.
 */
package io.tmr.core.text;
