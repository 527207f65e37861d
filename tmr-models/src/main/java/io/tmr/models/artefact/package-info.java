/**
 * Self-describing artefacts: the {@link io.tmr.models.artefact.Provenance} record (configuration,
 * model shape, vocabulary digest, commit, environment) that every run manifest, checkpoint and
 * export carries, and {@link io.tmr.models.artefact.ModelCheckpoint}, which loads a trained model
 * from a checkpoint with nothing else (no trainer, corpus or replay buffer).
 */
package io.tmr.models.artefact;
