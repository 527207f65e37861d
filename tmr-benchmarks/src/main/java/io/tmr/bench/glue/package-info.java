/**
 * GLUE tasks: the declarative TSV layout engine ({@link io.tmr.bench.glue.TsvTask}) that reads and
 * validates the official files, the nine GLUE tasks plus the AX diagnostic as plugins, and
 * leaderboard-format prediction files.
 */
package io.tmr.bench.glue;
