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
    checkArgument(maxNorm > 0, "maxNorm must be positive: %s", maxNorm);
    double norm = Parameters.gradNorm(params);
    if (norm > maxNorm) {
      Parameters.scaleGrads(params, maxNorm / norm);
    }
    return norm;
  }
}
