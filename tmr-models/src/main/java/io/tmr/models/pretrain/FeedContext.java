package io.tmr.models.pretrain;

import io.tmr.config.Config;

/**
 * What a {@link DiscriminatorFeed} is built from: the run's configuration and the sizes the trainer
 * derived from it (not the trainer itself, which is still being assembled when its feed is made).
 *
 * @param batch discriminator rows per step ({@code train.batchSize}, or the preset's)
 * @param steps the run's discriminator steps
 * @param seqLength tokens per row
 * @param vocabSize the vocabulary's size
 * @param seed the run's seed
 */
public record FeedContext(
    Config config, int batch, int steps, int seqLength, int vocabSize, long seed) {}
