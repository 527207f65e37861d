/**
 * Transformer with Memory Replay: the replay buffer between ELECTRA's generator and discriminator
 * ({@link io.tmr.models.tmr.ReplayFeed}), its options ({@link io.tmr.models.tmr.TmrOptions}), the
 * per-example priorities (loss, loss difference, gradient norm: exact or bound) and the replay
 * accounting written to metrics.csv.
 */
package io.tmr.models.tmr;
