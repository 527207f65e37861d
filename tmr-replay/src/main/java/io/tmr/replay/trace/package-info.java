/**
 * The replay trace: an optional per-sample-call record of the drawn slots, generation stamps,
 * probabilities and importance weights, in binary or CSV, with a reader for audits and for
 * re-running an ablation on exactly the same draws.
 */
package io.tmr.replay.trace;
