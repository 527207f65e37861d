package io.tmr.replay.trace;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One traced sample call: its step (0-based count of sample calls), β at that step, and per row the
 * slot, generation stamp, probability and importance weight.
 */
public record TraceStep(
    long step, double beta, int[] slots, long[] stamps, double[] probabilities, double[] weights) {

  public TraceStep {
    checkArgument(
        slots.length == stamps.length
            && slots.length == probabilities.length
            && slots.length == weights.length,
        "trace step %s: row arrays differ in length",
        step);
  }

  public int size() {
    return slots.length;
  }
}
