package io.tmr.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.core.nn.Parameter;
import java.util.function.ToDoubleFunction;

/**
 * Layer-wise learning-rate decay for fine-tuning: a parameter of depth d gets {@code lr *
 * decay^(maxDepth - d)}, so the head (depth maxDepth) trains at full rate and the embeddings (depth
 * 0) at the smallest. Parameters deeper than maxDepth are rejected rather than given a rate above
 * the base.
 */
public record LayerwiseLrDecay(double decay, int maxDepth) implements ToDoubleFunction<Parameter> {

  public LayerwiseLrDecay {
    checkArgument(decay > 0 && decay <= 1, "decay %s outside (0, 1]", decay);
    checkArgument(maxDepth >= 0, "negative max depth %s", maxDepth);
  }

  /**
   * ELECTRA's depths: embeddings 0, encoder layer i at i + 1, task head at {@code layers + 2} (the
   * top encoder layer thus gets decay^2).
   */
  public static LayerwiseLrDecay electra(double decay, int layers) {
    return new LayerwiseLrDecay(decay, layers + 2);
  }

  /** The multiplier for one parameter. */
  @Override
  public double applyAsDouble(Parameter p) {
    checkArgument(p.depth() <= maxDepth, "%s has depth %s > max %s", p.name(), p.depth(), maxDepth);
    return Math.pow(decay, maxDepth - p.depth());
  }
}
