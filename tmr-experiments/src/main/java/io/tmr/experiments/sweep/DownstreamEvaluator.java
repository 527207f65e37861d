package io.tmr.experiments.sweep;

import io.tmr.experiments.registry.Evaluation;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The downstream step of a trial: fine-tunes the pretrained run and leaves results that {@link
 * FinetuneResults} reads in {@code outDir}. Kept behind this interface so the trial logic does not
 * depend on how fine-tuning is invoked.
 */
public interface DownstreamEvaluator {
  /**
   * @param runDir the finished pretraining run
   * @param outDir where the results go (created if needed)
   * @param evaluation the tasks, SQuAD split, fine-tuning seeds and options
   * @param log the trial's log file, which the step's output is appended to
   */
  void evaluate(Path runDir, Path outDir, Evaluation evaluation, Path log)
      throws IOException, InterruptedException;
}
