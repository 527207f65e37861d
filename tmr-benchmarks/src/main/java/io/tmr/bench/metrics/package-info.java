/**
 * Metric functions on in-memory values: classification metrics from a confusion matrix, Pearson and
 * Spearman correlation, and the official SQuAD answer normalization, exact match and token F1 with
 * Python's string semantics reproduced. Results are fractions (0–1); scorers scale them ×100.
 */
package io.tmr.bench.metrics;
