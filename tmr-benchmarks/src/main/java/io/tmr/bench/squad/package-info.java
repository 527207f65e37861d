/**
 * SQuAD JSON files: reading and validating datasets (v1.1 and v2.0) with JSON-path errors, writing
 * them back, the fixed by-article split of the v1.1 dev file, predictions and no-answer probability
 * files, and the two SQuAD task plugins.
 */
package io.tmr.bench.squad;
