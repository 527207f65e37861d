/**
 * Run directories: {@code runs/<name>/<id>/} with {@code manifest.json} (config, seeds, git commit,
 * JVM, backend, times, status), {@code config.yaml}, {@code metrics.csv}, {@code checkpoints/} and
 * {@code plots/}; the metrics log that survives a resume.
 */
package io.tmr.core.run;
