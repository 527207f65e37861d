/**
 * Sweeps: a {@link io.tmr.experiments.sweep.SweepDefinition} (base overrides, grid and zipped axes,
 * seeds, evaluation) expands into {@link io.tmr.experiments.sweep.TrialSpec}s with deterministic
 * ids derived from their overrides; a {@link io.tmr.experiments.sweep.SweepDirectory} holds one
 * folder per trial, refuses a changed definition that would collide with what already ran, and
 * tells which trials are finished, resumable or new; {@link io.tmr.experiments.sweep.TrialRunner}
 * runs one trial (pretraining, resumed from its last checkpoint when interrupted, then the optional
 * downstream evaluation through a {@link io.tmr.experiments.sweep.DownstreamEvaluator}); launching
 * trials is the job of {@code io.tmr.experiments.launch}.
 */
package io.tmr.experiments.sweep;
