/**
 * Scoring predictions against gold the way the official scripts do: GLUE task metrics, the SQuAD
 * v1.1 and v2.0 evaluations (same keys, same numbers to floating-point rounding, documented
 * behaviour where the official scripts crash), and the GLUE average.
 */
package io.tmr.bench.score;
