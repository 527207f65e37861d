package io.tmr.replay.spi;

/**
 * How an item's weight {@code w} follows from what the trainer reports after training on it.
 * Stateless; registered in {@code META-INF/services/io.tmr.replay.spi.PriorityRule} and selected by
 * {@code replay.weight}.
 *
 * <p>The buffer validates every input before calling the rule (losses and norms finite and
 * non-negative) and every output after (finite and non-negative, or NaN), so rules need not.
 *
 * <p>A rule that cannot be evaluated yet returns {@code NaN}: {@code loss-difference} needs two
 * measurements, so an item's first training use only records its loss and the item keeps its
 * current priority (the entry priority, on the scale of the priorities the rule has produced).
 */
public interface PriorityRule {

  String name();

  /** The rule as a formula, for docs and option listings, e.g. {@code "w = l + eps"}. */
  String formula();

  /** Whether {@link #weight} reads the gradient norm (the trainer must then pass norms). */
  default boolean requiresGradientNorms() {
    return false;
  }

  /**
   * The new weight of an item, or {@code NaN} when the rule is not defined for it yet (the item
   * then keeps its weight; its loss is still recorded).
   *
   * @param loss the discriminator loss just measured on the item
   * @param previousLoss the loss recorded the last time the item was trained on (fresh or
   *     replayed), or {@code NaN} when none was recorded
   * @param gradientNorm the per-example gradient norm, or {@code NaN} when not supplied
   * @param epsilon {@code replay.epsilon}
   */
  double weight(double loss, double previousLoss, double gradientNorm, double epsilon);

  /**
   * Options of this plugin's own, each named {@code replay.<name()>.<option>}: they join the
   * library's options, appear in {@code tmr pretrain --options}, are validated with everything else
   * and recorded in run manifests. Read them with {@link io.tmr.replay.ReplayConfig#get}.
   */
  default java.util.List<io.tmr.config.ConfigKey<?>> options() {
    return java.util.List.of();
  }
}
