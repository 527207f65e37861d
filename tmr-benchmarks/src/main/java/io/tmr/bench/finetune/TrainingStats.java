package io.tmr.bench.finetune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one fine-tuning trial cost and how its loss went.
 *
 * @param steps optimizer updates
 * @param trainSequences sequences trained on, epochs included (for SQuAD: windows, not questions)
 * @param trainTokens real (non-padding) tokens trained on
 * @param trainSeconds wall time of the training loop (forward, backward, update; tokenization
 *     excluded)
 * @param optimizerSeconds the part of {@code trainSeconds} spent in updates (clipping, AdamW over
 *     every parameter, zeroing gradients): at short sequences the update over the embedding matrix
 *     rivals the forward and backward passes
 * @param trainFlops floating-point operations of the training loop's matrix products (2mnk each,
 *     counted by {@link io.tmr.core.tensor.Blas#flops()}; batches padded to their longest sequence,
 *     so padding counts: it is work the products do)
 * @param parameters trainable parameters (encoder and head)
 * @param epochLosses mean training loss of each epoch
 * @param evalSequences sequences of the evaluation set (SQuAD: windows)
 * @param evalSeconds wall time of predicting the whole evaluation set: tokenization, forward passes
 *     and decoding into labels / answer strings (file writing and scoring excluded)
 * @param profileSeconds seconds per profiler section of the training loop when {@code
 *     -Dtmr.profile} is on (wall clock, or the training thread's CPU time with {@code cpu}); empty
 *     otherwise
 */
public record TrainingStats(
    long steps,
    long trainSequences,
    long trainTokens,
    double trainSeconds,
    double optimizerSeconds,
    double trainFlops,
    long parameters,
    List<Double> epochLosses,
    int evalSequences,
    double evalSeconds,
    Map<String, Double> profileSeconds) {

  public TrainingStats {
    epochLosses = List.copyOf(epochLosses);
    profileSeconds = Map.copyOf(profileSeconds);
  }

  /** Training throughput in sequences per second. */
  public double trainSequencesPerSecond() {
    return trainSeconds > 0 ? trainSequences / trainSeconds : Double.NaN;
  }

  public double trainTokensPerSecond() {
    return trainSeconds > 0 ? trainTokens / trainSeconds : Double.NaN;
  }

  /** Matrix-product FLOPs per optimizer update. */
  public double flopsPerUpdate() {
    return steps > 0 ? trainFlops / steps : Double.NaN;
  }

  /** Matrix-product GFLOP/s of the training loop (updates and everything between included). */
  public double trainGflopsPerSecond() {
    return trainSeconds > 0 ? trainFlops / trainSeconds / 1e9 : Double.NaN;
  }

  /** The figures as an ordered map, for metrics.json. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("steps", steps);
    m.put("trainSequences", trainSequences);
    m.put("trainTokens", trainTokens);
    m.put("trainSeconds", trainSeconds);
    m.put("optimizerSeconds", optimizerSeconds);
    m.put("trainFlops", trainFlops);
    m.put("flopsPerUpdate", flopsPerUpdate());
    m.put("trainGflopsPerSecond", trainGflopsPerSecond());
    m.put("parameters", parameters);
    m.put("trainSequencesPerSecond", trainSequencesPerSecond());
    m.put("trainTokensPerSecond", trainTokensPerSecond());
    m.put("epochLosses", epochLosses);
    if (!profileSeconds.isEmpty()) {
      m.put("profileSeconds", new java.util.TreeMap<>(profileSeconds));
    }
    m.put("evalSequences", evalSequences);
    m.put("evalSeconds", evalSeconds);
    return m;
  }
}
