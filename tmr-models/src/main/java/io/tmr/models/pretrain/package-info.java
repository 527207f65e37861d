/**
 * ELECTRA pretraining: the described options ({@link io.tmr.models.pretrain.PretrainOptions}),
 * model presets, the training loop with metrics, evaluation, atomic checkpoints and exact resume
 * ({@link io.tmr.models.pretrain.Pretrainer}), and the discriminator feed that the TMR trainer
 * replaces with a replay buffer.
 */
package io.tmr.models.pretrain;
