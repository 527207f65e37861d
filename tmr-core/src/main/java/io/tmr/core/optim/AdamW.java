package io.tmr.core.optim;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.Parallel;
import io.tmr.core.tensor.ScratchArrays;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam with decoupled weight decay.
 *
 * <p>Per element, with g the gradient and lr the step's rate times the parameter's multiplier:
 *
 * <pre>
 *   m = b1 m + (1 - b1) g
 *   v = b2 v + (1 - b2) g^2
 *   u = m / (sqrt(v) + eps)                                (ELECTRA: no bias correction)
 *   u = (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)   (biasCorrection = true, t = 1, 2, ...)
 *   u += weightDecay * w            only if the parameter decays (not LayerNorm, not biases)
 *   w -= lr u
 * </pre>
 *
 * This is ELECTRA's {@code AdamWeightDecayOptimizer} (decay added to the update, scaled by lr) and,
 * with bias correction, PyTorch's {@code AdamW} (which multiplies w by 1 - lr wd first: the same
 * value). Moments are stored in the parameter's data type; arithmetic is in double.
 */
public final class AdamW {
  /** Hyper-parameters; {@link #electra()} gives ELECTRA's pretraining values. */
  public record Config(
      double beta1, double beta2, double epsilon, double weightDecay, boolean biasCorrection) {
    public Config {
      checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas outside [0, 1)");
      checkArgument(epsilon > 0 && weightDecay >= 0, "bad epsilon/weight decay");
    }

    /** beta1 0.9, beta2 0.999, eps 1e-6, weight decay 0.01, no bias correction. */
    public static Config electra() {
      return new Config(0.9, 0.999, 1e-6, 0.01, false);
    }

    public Config withBiasCorrection(boolean value) {
      return new Config(beta1, beta2, epsilon, weightDecay, value);
    }

    public Config withWeightDecay(double value) {
      return new Config(beta1, beta2, epsilon, value, biasCorrection);
    }
  }

  private static final String STEP_KEY = "optimizer.step";

  /**
   * {@link #updateFloat}'s four arrays on each thread: allocated per call (8 calls per parameter
   * and step) they were the step's largest source of garbage, about 10 MB per step at shape A (JFR
   * allocation samples, 2026-12-02).
   */
  private static final ScratchArrays SCRATCH = new ScratchArrays(4);

  private final Config config;
  private final List<Parameter> params;
  private final List<INDArray> firstMoments = new ArrayList<>();
  private final List<INDArray> secondMoments = new ArrayList<>();
  private final List<Matrix> firstMatrices = new ArrayList<>();
  private final List<Matrix> secondMatrices = new ArrayList<>();
  private ToDoubleFunction<Parameter> rateMultiplier = p -> 1.0;
  private long steps;

  public AdamW(List<Parameter> params, Config config) {
    this.params = List.copyOf(params);
    this.config = checkNotNull(config, "config");
    for (Parameter p : this.params) {
      INDArray m = Nd4j.create(p.dataType(), p.shape(), 'c');
      INDArray v = Nd4j.create(p.dataType(), p.shape(), 'c');
      firstMoments.add(m);
      secondMoments.add(v);
      firstMatrices.add(Matrix.wrap(m));
      secondMatrices.add(Matrix.wrap(v));
    }
  }

  public Config config() {
    return config;
  }

  public List<Parameter> parameters() {
    return params;
  }

  /** Per-parameter multiplier of the learning rate, e.g. {@link LayerwiseLrDecay}; default 1. */
  public AdamW withRateMultiplier(ToDoubleFunction<Parameter> multiplier) {
    this.rateMultiplier = checkNotNull(multiplier, "multiplier");
    return this;
  }

  /** Updates already applied. */
  public long steps() {
    return steps;
  }

  /** Applies one update with base rate {@code learningRate} to every parameter, from its grad. */
  public void step(double learningRate) {
    step(learningRate, 1.0, false);
  }

  /**
   * Applies one update from the gradients multiplied by {@code gradScale}, e.g. the global-norm
   * clipping factor ({@link GradientClipping#factor}): the same values as scaling the gradients
   * first and then calling {@link #step(double)} (each gradient is multiplied by the factor in the
   * parameter's data type, as {@link Parameters#scaleGrads} does), without a pass of its own over
   * every gradient. The gradients are left unscaled, or, with {@code clearGradients}, set to zero
   * in the same pass (instead of a later {@link Parameters#zeroGrads}).
   */
  public void step(double learningRate, double gradScale, boolean clearGradients) {
    checkArgument(gradScale > 0 && Double.isFinite(gradScale), "gradient scale %s", gradScale);
    steps++;
    double c1 = config.biasCorrection() ? 1.0 - Math.pow(config.beta1(), steps) : 1.0;
    double c2 = config.biasCorrection() ? 1.0 - Math.pow(config.beta2(), steps) : 1.0;
    for (int i = 0; i < params.size(); i++) {
      Parameter p = params.get(i);
      double lr = learningRate * rateMultiplier.applyAsDouble(p);
      double decay = p.weightDecay() ? config.weightDecay() : 0.0;
      update(
          p.valueMatrix(),
          p.gradMatrix(),
          firstMatrices.get(i),
          secondMatrices.get(i),
          lr,
          decay,
          c1,
          c2,
          gradScale,
          clearGradients);
    }
  }

  private void update(
      Matrix w,
      Matrix g,
      Matrix m,
      Matrix v,
      double lr,
      double decay,
      double c1,
      double c2,
      double gradScale,
      boolean clear) {
    double b1 = config.beta1();
    double b2 = config.beta2();
    double eps = config.epsilon();
    FloatBuffer wf = w.floats();
    FloatBuffer gf = g.floats();
    FloatBuffer mf = m.floats();
    FloatBuffer vf = v.floats();
    DoubleBuffer wd = w.doubles();
    DoubleBuffer gd = g.doubles();
    DoubleBuffer md = m.doubles();
    DoubleBuffer vd = v.doubles();
    if (wf != null) {
      Parallel.forChunks(
          w.size(),
          8,
          (chunk, start, end) ->
              updateFloat(wf, gf, mf, vf, lr, decay, c1, c2, gradScale, clear, start, end));
      return;
    }
    Parallel.forChunks(
        w.size(),
        8,
        (chunk, start, end) -> {
          for (int i = start; i < end; i++) {
            double gi = gd.get(i) * gradScale; // as Parameters.scaleGrads; exact when 1
            double wi = wd.get(i);
            double mi = b1 * md.get(i) + (1 - b1) * gi;
            double vi = b2 * vd.get(i) + (1 - b2) * gi * gi;
            double u = (mi / c1) / (Math.sqrt(vi / c2) + eps) + decay * wi;
            md.put(i, mi);
            vd.put(i, vi);
            wd.put(i, wi - lr * u);
            if (clear) {
              gd.put(i, 0.0);
            }
          }
        });
  }

  /**
   * Float32 update on chunks copied to heap arrays, in float arithmetic with reciprocals
   * precomputed: a loop of multiplies, one square root and one division per element that C2 can
   * vectorise (the double-precision version with three divisions took ~40 ns per element).
   */
  private void updateFloat(
      FloatBuffer wf,
      FloatBuffer gf,
      FloatBuffer mf,
      FloatBuffer vf,
      double lr,
      double decay,
      double c1,
      double c2,
      double gradScale,
      boolean clear,
      int start,
      int end) {
    float b1 = (float) config.beta1();
    float b2 = (float) config.beta2();
    float oneMinusB1 = (float) (1 - config.beta1());
    float oneMinusB2 = (float) (1 - config.beta2());
    float eps = (float) config.epsilon();
    float invC1 = (float) (1 / c1);
    float invC2 = (float) (1 / c2);
    float rate = (float) lr;
    float wd = (float) decay;
    float scale = (float) gradScale;
    int chunk = 1024;
    float[] w = SCRATCH.floats(0, chunk);
    float[] g = SCRATCH.floats(1, chunk);
    float[] m = SCRATCH.floats(2, chunk);
    float[] v = SCRATCH.floats(3, chunk);
    for (int s = start; s < end; s += chunk) {
      int len = Math.min(chunk, end - s);
      wf.get(s, w, 0, len);
      gf.get(s, g, 0, len);
      mf.get(s, m, 0, len);
      vf.get(s, v, 0, len);
      for (int i = 0; i < len; i++) {
        float gi = g[i] * scale; // as Parameters.scaleGrads (Ops.scale); exact when 1
        float mi = b1 * m[i] + oneMinusB1 * gi;
        float vi = b2 * v[i] + oneMinusB2 * gi * gi;
        float u = (mi * invC1) / ((float) Math.sqrt(vi * invC2) + eps) + wd * w[i];
        m[i] = mi;
        v[i] = vi;
        w[i] = w[i] - rate * u;
      }
      wf.put(s, w, 0, len);
      mf.put(s, m, 0, len);
      vf.put(s, v, 0, len);
      if (clear) {
        Arrays.fill(g, 0, len, 0f);
        gf.put(s, g, 0, len);
      }
    }
  }

  /**
   * The complete optimizer state, exact copies: {@code <name>.adam_m}, {@code <name>.adam_v} per
   * parameter (in parameter order) and {@code optimizer.step} (a LONG scalar).
   */
  public Map<String, INDArray> stateDict() {
    Map<String, INDArray> out = new LinkedHashMap<>();
    out.put(STEP_KEY, Nd4j.scalar(DataType.LONG, steps));
    for (int i = 0; i < params.size(); i++) {
      out.put(params.get(i).name() + ".adam_m", firstMoments.get(i).dup('c'));
      out.put(params.get(i).name() + ".adam_v", secondMoments.get(i).dup('c'));
    }
    return out;
  }

  /** Restores a {@link #stateDict()}; every entry must be present with the same shape and type. */
  public void loadStateDict(Map<String, INDArray> state) {
    checkArgument(
        state.size() == 1 + 2 * params.size(),
        "state has %s entries, expected %s",
        state.size(),
        1 + 2 * params.size());
    INDArray step = state.get(STEP_KEY);
    checkArgument(step != null, "state lacks %s", STEP_KEY);
    for (int i = 0; i < params.size(); i++) {
      restore(state, params.get(i).name() + ".adam_m", firstMoments.get(i));
      restore(state, params.get(i).name() + ".adam_v", secondMoments.get(i));
    }
    steps = step.getLong(0);
  }

  private static void restore(Map<String, INDArray> state, String key, INDArray target) {
    INDArray v = state.get(key);
    checkArgument(v != null, "state lacks %s", key);
    checkArgument(
        v.dataType() == target.dataType(),
        "%s: type %s != %s",
        key,
        v.dataType(),
        target.dataType());
    checkArgument(Arrays.equals(v.shape(), target.shape()), "%s: shape mismatch", key);
    target.assign(v);
  }
}
