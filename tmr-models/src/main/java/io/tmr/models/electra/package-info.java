/**
 * ELECTRA: generator (masked LM, tied to the shared token embeddings) and discriminator
 * (replaced-token detection) over shared embeddings; the generator step (mask, predict, sample with
 * Gumbel-max) and the discriminator step (per-token BCE, per-example losses, importance weights)
 * are separate calls so the TMR trainer can put a replay buffer between them.
 */
package io.tmr.models.electra;
