/**
 * JMH benchmarks of text processing: our WordPiece tokenizer against HuggingFace's, same input,
 * same process.
 */
package io.tmr.bench.text;
