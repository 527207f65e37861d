package io.tmr.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * ELECTRA's schedule: linear decay to 0 over all steps multiplied by a linear warm-up, the two
 * overlapping: {@code lr(t) = base * min(1, t / warmup) * max(0, 1 - t / total)}, with t the number
 * of updates already applied (ELECTRA's {@code global_step}; so the first update has rate 0 when
 * warmup > 0). {@code warmup = 0} disables the warm-up factor.
 */
public record WarmupLinearDecay(double base, long warmupSteps, long totalSteps)
    implements LearningRateSchedule {

  public WarmupLinearDecay {
    checkArgument(base >= 0, "negative base rate %s", base);
    checkArgument(
        warmupSteps >= 0 && totalSteps > 0,
        "bad steps: warmup %s total %s",
        warmupSteps,
        totalSteps);
  }

  @Override
  public double rate(long step) {
    checkArgument(step >= 0, "negative step %s", step);
    double warm = warmupSteps == 0 ? 1.0 : Math.min(1.0, (double) step / warmupSteps);
    double decay = Math.max(0.0, 1.0 - (double) step / totalSteps);
    return base * warm * decay;
  }
}
