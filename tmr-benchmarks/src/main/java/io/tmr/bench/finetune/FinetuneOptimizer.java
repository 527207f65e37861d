package io.tmr.bench.finetune;

import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.optim.AdamW;
import io.tmr.core.optim.GradientClipping;
import io.tmr.core.optim.LayerwiseLrDecay;
import io.tmr.core.optim.WarmupLinearDecay;
import java.util.List;

/**
 * ELECTRA's fine-tuning update: clip the global gradient norm, take the warm-up/linear-decay rate
 * for the number of updates already applied, apply AdamW with layer-wise rate multipliers (head at
 * depth layers + 2 gets the full rate), then clear the gradients.
 */
final class FinetuneOptimizer {
  private final List<Parameter> parameters;
  private final AdamW adam;
  private final WarmupLinearDecay schedule;
  private final double clipNorm;
  private double lastRate;

  FinetuneOptimizer(
      List<Parameter> parameters, FinetuneRecipe recipe, int layers, long totalSteps) {
    this.parameters = parameters;
    this.adam =
        new AdamW(
                parameters,
                AdamW.Config.electra()
                    .withWeightDecay(recipe.weightDecay())
                    .withBiasCorrection(recipe.biasCorrection()))
            .withRateMultiplier(LayerwiseLrDecay.electra(recipe.layerDecay(), layers));
    this.schedule =
        new WarmupLinearDecay(recipe.learningRate(), recipe.warmupSteps(totalSteps), totalSteps);
    this.clipNorm = recipe.clipNorm();
  }

  /** One update from the accumulated gradients; returns the gradient norm before clipping. */
  double step() {
    double norm = Parameters.gradNorm(parameters);
    lastRate = schedule.rate(adam.steps());
    // Clipping's factor and the clearing of the gradients happen inside AdamW's one pass over them.
    adam.step(lastRate, GradientClipping.factor(norm, clipNorm), true);
    return norm;
  }

  /** The base rate of the last update. */
  double lastRate() {
    return lastRate;
  }

  long steps() {
    return adam.steps();
  }

  /** Trainable parameters this optimizer updates. */
  long parameterCount() {
    return Parameters.count(parameters);
  }
}
