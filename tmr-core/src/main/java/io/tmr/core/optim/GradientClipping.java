package io.tmr.core.optim;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import java.util.List;

/** Global-norm clipping as TensorFlow's {@code clip_by_global_norm} (ELECTRA uses 1.0). */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales all gradients by {@code maxNorm / max(norm, maxNorm)} and returns the norm before
   * clipping. Gradients with norm at most maxNorm are left untouched.
   */
  public static double clipByGlobalNorm(List<Parameter> params, double maxNorm) {
    double norm = Parameters.gradNorm(params);
    double factor = factor(norm, maxNorm);
    if (factor != 1.0) {
      Parameters.scaleGrads(params, factor);
    }
    return norm;
  }

  /**
   * The factor clipping multiplies gradients of global norm {@code norm} by: {@code maxNorm / norm}
   * above {@code maxNorm}, else exactly 1. For {@link AdamW#step(double, double, boolean)}, which
   * applies it inside its own pass instead of a separate one over every gradient.
   */
  public static double factor(double norm, double maxNorm) {
    checkArgument(maxNorm > 0, "maxNorm must be positive: %s", maxNorm);
    return norm > maxNorm ? maxNorm / norm : 1.0;
  }
}
