/**
 * ELECTRA pretraining, made of parts: the described options ({@link
 * io.tmr.models.pretrain.PretrainOptions}) and model presets; the assembly of a run's parts from
 * its configuration ({@code PretrainSetup}); the one training step ({@link
 * io.tmr.models.pretrain.TrainStep}) that the trainer and the benchmarks all run, fed by a {@link
 * io.tmr.models.pretrain.BatchSource}; the {@link io.tmr.models.pretrain.DiscriminatorFeed} that
 * decides what the discriminator trains on (the TMR trainer's is a replay buffer); the loop ({@link
 * io.tmr.models.pretrain.Pretrainer}) and its {@link io.tmr.models.pretrain.TrainingListener}s:
 * progress, time budget, validation, typed metrics.csv rows, exact-resume checkpoints.
 */
package io.tmr.models.pretrain;
