/**
 * Fine-tuning (the model half of the GLUE/SQuAD harness): puts ELECTRA's task heads on a pretrained
 * or randomly initialised encoder ({@link io.tmr.bench.finetune.EncoderSource}), trains them with
 * ELECTRA's recipe ({@link io.tmr.bench.finetune.FinetuneRecipe}: layer-wise learning-rate decay,
 * warm-up, per-task epochs, MRPC/STS-B order doubling), predicts the evaluation set, and scores the
 * written prediction files with the official scorers of {@code io.tmr.bench.score}.
 *
 * <ul>
 *   <li>{@link io.tmr.bench.finetune.TextFinetuner}: classification/regression on [CLS] ({@link
 *       io.tmr.bench.finetune.ClassificationHead}).
 *   <li>{@link io.tmr.bench.finetune.SpanFinetuner}: extractive QA — windows with doc stride
 *       ({@link io.tmr.bench.finetune.SpanFeatures}), start/end head ({@link
 *       io.tmr.bench.finetune.SpanHead}), n-best decoding with offsets into the original context
 *       and SQuAD 2.0 no-answer scoring ({@link io.tmr.bench.finetune.SpanDecoder}).
 *   <li>{@link io.tmr.bench.finetune.FinetuneJob}: one task over several seeds, prediction files,
 *       metrics.json per seed, results.json / results.md with median, mean, std, min and max.
 * </ul>
 */
package io.tmr.bench.finetune;
