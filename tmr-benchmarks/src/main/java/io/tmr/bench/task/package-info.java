/**
 * The task plugin SPI: what a benchmark task is, the examples its reader hands to fine-tuning, and
 * the {@link java.util.ServiceLoader} registry that finds tasks without the harness naming them.
 *
 * <p>A new task is one class implementing {@link io.tmr.bench.task.TextTask} (classification or
 * regression over a sentence or sentence pair) or {@link io.tmr.bench.task.QaTask} (extractive QA),
 * plus its fully qualified name on a line of {@code META-INF/services/io.tmr.bench.task.Task}.
 */
package io.tmr.bench.task;
