package io.tmr.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class OptimizerTest {
  private static Parameter param(
      String name, DataType dt, boolean decay, int depth, double... values) {
    Parameter p = Parameter.zeros(name, dt, new long[] {values.length}, decay, depth);
    for (int i = 0; i < values.length; i++) {
      p.valueMatrix().set(i, values[i]);
    }
    return p;
  }

  private static void setGrad(Parameter p, double... g) {
    for (int i = 0; i < g.length; i++) {
      p.gradMatrix().set(i, g[i]);
    }
  }

  // Expected values computed by hand from the update rule (see AdamW javadoc), lr 0.01:
  // step 1 without bias correction for w = 0.5, g = 0.1: m = 0.01, v = 1e-5,
  // u = 0.01 / (sqrt(1e-5) + 1e-6) + 0.01 * 0.5 = 3.166282..., w = 0.5 - 0.01 u = 0.46833722...
  @Test
  void electraVariantTwoStepsByHand() {
    Parameter w = param("layer.weight", DataType.DOUBLE, true, 1, 0.5, -1.0);
    Parameter b = param("layer.bias", DataType.DOUBLE, false, 1, 0.2);
    AdamW adam = new AdamW(List.of(w, b), AdamW.Config.electra());
    setGrad(w, 0.1, -0.2);
    setGrad(b, 0.3);
    adam.step(0.01);
    assertEquals(0.4683372202370383, w.valueMatrix().get(0), 1e-15);
    assertEquals(-0.9682822226078718, w.valueMatrix().get(1), 1e-15);
    assertEquals(0.1683805563803224, b.valueMatrix().get(0), 1e-15, "bias: no weight decay");
    setGrad(w, -0.05, 0.1);
    setGrad(b, -0.15);
    adam.step(0.01);
    assertEquals(0.4569753514716508, w.valueMatrix().get(0), 1e-15);
    assertEquals(-0.956868758740636, w.valueMatrix().get(1), 1e-15);
    assertEquals(0.15706338710084217, b.valueMatrix().get(0), 1e-15);
    assertEquals(2, adam.steps());
  }

  @Test
  void float32UpdateMatchesTheHandValues() {
    Parameter w = param("layer.weight", DataType.FLOAT, true, 1, 0.5, -1.0);
    AdamW adam = new AdamW(List.of(w), AdamW.Config.electra());
    setGrad(w, 0.1, -0.2);
    adam.step(0.01);
    setGrad(w, -0.05, 0.1);
    adam.step(0.01);
    assertEquals(0.4569753514716508, w.valueMatrix().get(0), 1e-7);
    assertEquals(-0.956868758740636, w.valueMatrix().get(1), 1e-7);
  }

  @Test
  void biasCorrectedVariantTwoStepsByHand() {
    Parameter w = param("layer.weight", DataType.DOUBLE, true, 1, 0.5, -1.0);
    Parameter b = param("LayerNorm.weight", DataType.DOUBLE, false, 1, 0.2);
    AdamW adam = new AdamW(List.of(w, b), AdamW.Config.electra().withBiasCorrection(true));
    setGrad(w, 0.1, -0.2);
    setGrad(b, 0.3);
    adam.step(0.01);
    // First bias-corrected step: u = g / (|g| + eps) + wd w.
    assertEquals(0.489950099999, w.valueMatrix().get(0), 1e-15);
    assertEquals(-0.98990004999975, w.valueMatrix().get(1), 1e-15);
    assertEquals(0.19000003333322224, b.valueMatrix().get(0), 1e-15);
    setGrad(w, -0.05, 0.1);
    setGrad(b, -0.15);
    adam.step(0.01);
    assertEquals(0.4872377682862937, w.valueMatrix().get(0), 1e-15);
    assertEquals(-0.9871377064452014, w.valueMatrix().get(1), 1e-15);
    assertEquals(0.18733667416801217, b.valueMatrix().get(0), 1e-15);
  }

  @Test
  void weightDecayOnlyForFlaggedParameters() {
    Parameter w = param("w", DataType.DOUBLE, true, 0, 2.0);
    Parameter ln = param("LayerNorm.weight", DataType.DOUBLE, false, 0, 2.0);
    AdamW adam = new AdamW(List.of(w, ln), AdamW.Config.electra().withWeightDecay(0.5));
    adam.step(0.1); // zero gradients: only decay moves a parameter
    assertEquals(2.0 - 0.1 * 0.5 * 2.0, w.valueMatrix().get(0), 1e-15);
    assertEquals(2.0, ln.valueMatrix().get(0), 0.0);
  }

  @Test
  void layerwiseRateMultiplier() {
    Parameter emb = param("emb", DataType.DOUBLE, false, 0, 1.0);
    Parameter head = param("head", DataType.DOUBLE, false, 14, 1.0);
    LayerwiseLrDecay decay = LayerwiseLrDecay.electra(0.8, 12);
    assertEquals(Math.pow(0.8, 14), decay.applyAsDouble(emb), 1e-15);
    assertEquals(1.0, decay.applyAsDouble(head), 0.0);
    assertEquals(0.64, decay.applyAsDouble(param("top", DataType.DOUBLE, false, 12, 1.0)), 1e-15);
    assertThrows(
        IllegalArgumentException.class,
        () -> decay.applyAsDouble(param("x", DataType.DOUBLE, false, 15, 1)));
    AdamW adam =
        new AdamW(List.of(emb, head), AdamW.Config.electra().withBiasCorrection(true))
            .withRateMultiplier(decay);
    setGrad(emb, 1.0);
    setGrad(head, 1.0);
    adam.step(0.1);
    // bias-corrected first step moves by lr * g / (|g| + eps) = lr * multiplier * (1 - 1e-6).
    assertEquals(1.0 - 0.1 * (1 / (1 + 1e-6)), head.valueMatrix().get(0), 1e-15);
    assertEquals(1.0 - 0.1 * Math.pow(0.8, 14) * (1 / (1 + 1e-6)), emb.valueMatrix().get(0), 1e-15);
  }

  @Test
  void warmupAndLinearDecayOverlap() {
    WarmupLinearDecay s = new WarmupLinearDecay(1e-3, 10, 100);
    assertEquals(0.0, s.rate(0), 0.0);
    assertEquals(1e-3 * 0.5 * 0.95, s.rate(5), 1e-18);
    assertEquals(1e-3 * 0.9, s.rate(10), 1e-18);
    assertEquals(1e-3 * 0.5, s.rate(50), 1e-18);
    assertEquals(1e-3 * 0.01, s.rate(99), 1e-18);
    assertEquals(0.0, s.rate(100), 0.0);
    assertEquals(0.0, s.rate(150), 0.0);
    assertEquals(2e-4 * 0.75, new WarmupLinearDecay(2e-4, 0, 4).rate(1), 1e-18);
  }

  @Test
  void clipByGlobalNorm() {
    Parameter a = param("a", DataType.DOUBLE, true, 0, 0, 0);
    Parameter b = param("b", DataType.DOUBLE, true, 0, 0);
    setGrad(a, 3, 0);
    setGrad(b, 4);
    assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0), 1e-15);
    assertEquals(0.6, a.gradMatrix().get(0), 1e-15);
    assertEquals(0.8, b.gradMatrix().get(0), 1e-15);
    assertEquals(1.0, Parameters.gradNorm(List.of(a, b)), 1e-15);
    setGrad(a, 0.3, 0);
    setGrad(b, 0.4);
    assertEquals(0.5, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0), 1e-15);
    assertEquals(0.3, a.gradMatrix().get(0), 0.0, "below the threshold gradients are untouched");
  }

  /**
   * The fused update (clipping factor and gradient clearing inside AdamW's pass) gives the same
   * bits as clipping, then updating, then zeroing, in both data types, over parameters large enough
   * to be split into chunks on several threads, and at a factor of 1 (below the threshold).
   */
  @Test
  void fusedClippingAndClearingIsBitIdenticalToSeparatePasses() {
    for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
      for (double gradScaleOfNorm : new double[] {3.0, 0.5}) {
        RandomStream r = new RandomStream(11);
        List<Parameter> separate = randomParams(dt, r);
        List<Parameter> fused = randomParams(dt, new RandomStream(11));
        AdamW a = new AdamW(separate, AdamW.Config.electra().withBiasCorrection(true));
        AdamW b = new AdamW(fused, AdamW.Config.electra().withBiasCorrection(true));
        for (int t = 0; t < 3; t++) {
          RandomStream gr = new RandomStream(100 + t);
          RandomStream gr2 = new RandomStream(100 + t);
          randomGrads(separate, gr, gradScaleOfNorm);
          randomGrads(fused, gr2, gradScaleOfNorm);
          double norm = GradientClipping.clipByGlobalNorm(separate, 1.0);
          a.step(1e-2);
          Parameters.zeroGrads(separate);
          double fusedNorm = Parameters.gradNorm(fused);
          assertEquals(norm, fusedNorm, 0.0);
          double factor = GradientClipping.factor(fusedNorm, 1.0);
          assertEquals(gradScaleOfNorm > 1 && norm > 1, factor < 1.0, "factor " + factor);
          b.step(1e-2, factor, true);
          for (int i = 0; i < separate.size(); i++) {
            Matrix x = separate.get(i).valueMatrix();
            Matrix y = fused.get(i).valueMatrix();
            for (int e = 0; e < x.size(); e++) {
              assertEquals(x.get(e), y.get(e), 0.0, dt + " value " + i + "/" + e);
            }
            Matrix g = fused.get(i).gradMatrix();
            for (int e = 0; e < g.size(); e++) {
              assertEquals(0.0, g.get(e), 0.0, "gradient cleared");
            }
          }
          Map<String, INDArray> sa = a.stateDict();
          Map<String, INDArray> sb = b.stateDict();
          for (String k : sa.keySet()) {
            assertEquals(sa.get(k), sb.get(k), k);
          }
        }
      }
    }
  }

  @Test
  void fusedStepWithoutClearingLeavesTheGradientsUnscaled() {
    Parameter w = param("w", DataType.FLOAT, true, 0, 0.5, -1.0);
    AdamW adam = new AdamW(List.of(w), AdamW.Config.electra());
    setGrad(w, 3, 4);
    adam.step(0.01, 0.2, false);
    assertEquals(3.0, w.gradMatrix().get(0), 0.0);
    assertEquals(4.0, w.gradMatrix().get(1), 0.0);
    assertThrows(IllegalArgumentException.class, () -> adam.step(0.01, 0.0, false));
    assertThrows(IllegalArgumentException.class, () -> adam.step(0.01, Double.NaN, false));
  }

  private static List<Parameter> randomParams(DataType dt, RandomStream r) {
    Parameter big = Parameter.zeros("w", dt, new long[] {300, 301}, true, 0);
    Parameter small = Parameter.zeros("b", dt, new long[] {7}, false, 0);
    for (Parameter p : List.of(big, small)) {
      for (int e = 0; e < p.length(); e++) {
        p.valueMatrix().set(e, r.nextGaussian());
      }
    }
    return List.of(big, small);
  }

  private static void randomGrads(List<Parameter> params, RandomStream r, double sigma) {
    for (Parameter p : params) {
      for (int e = 0; e < p.length(); e++) {
        p.gradMatrix().set(e, sigma * r.nextGaussian() / 300.0);
      }
    }
  }

  @Test
  void stateRoundTripResumesBitIdentically() {
    RandomStream r = new RandomStream(5);
    List<Parameter> runA =
        List.of(
            param("w", DataType.FLOAT, true, 0, 0.3, -0.7, 1.1),
            param("b", DataType.FLOAT, false, 0, 0.05));
    List<Parameter> runB =
        List.of(
            param("w", DataType.FLOAT, true, 0, 9, 9, 9), param("b", DataType.FLOAT, false, 0, 9));
    AdamW a = new AdamW(runA, AdamW.Config.electra());
    WarmupLinearDecay schedule = new WarmupLinearDecay(1e-2, 2, 10);
    double[][] grads = new double[6][4];
    for (double[] g : grads) {
      for (int i = 0; i < g.length; i++) {
        g[i] = r.nextGaussian();
      }
    }
    for (int t = 0; t < 3; t++) {
      applyGrads(runA, grads[t]);
      a.step(schedule.rate(a.steps()));
    }
    Map<String, INDArray> params = Parameters.stateDict(runA);
    Map<String, INDArray> optimizer = a.stateDict();
    AdamW b = new AdamW(runB, AdamW.Config.electra());
    Parameters.loadStateDict(runB, params);
    b.loadStateDict(optimizer);
    assertEquals(3, b.steps());
    for (int t = 3; t < 6; t++) {
      applyGrads(runA, grads[t]);
      applyGrads(runB, grads[t]);
      a.step(schedule.rate(a.steps()));
      b.step(schedule.rate(b.steps()));
    }
    for (int p = 0; p < 2; p++) {
      Matrix va = runA.get(p).valueMatrix();
      Matrix vb = runB.get(p).valueMatrix();
      for (int i = 0; i < va.size(); i++) {
        assertEquals(
            Float.floatToIntBits((float) va.get(i)), Float.floatToIntBits((float) vb.get(i)));
      }
    }
  }

  @Test
  void partialLoadReportsMissingAndUnexpected() {
    Parameter shared = param("electra.encoder.w", DataType.FLOAT, true, 1, 1, 2);
    Parameter head = param("classifier.weight", DataType.FLOAT, true, 3, 0);
    Map<String, INDArray> pretrained =
        Map.of(
            "electra.encoder.w", param("x", DataType.FLOAT, true, 1, 5, 6).value(),
            "generator_lm_head.bias", param("y", DataType.FLOAT, false, 1, 7).value());
    Parameters.LoadReport report = Parameters.loadMatching(List.of(shared, head), pretrained);
    assertEquals(List.of("classifier.weight"), report.missing());
    assertEquals(List.of("generator_lm_head.bias"), report.unexpected());
    assertEquals(5.0, shared.valueMatrix().get(0));
    assertEquals(6.0, shared.valueMatrix().get(1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Parameters.loadStateDict(List.of(shared, head), pretrained));
  }

  private static void applyGrads(List<Parameter> params, double[] g) {
    setGrad(params.get(0), g[0], g[1], g[2]);
    setGrad(params.get(1), g[3]);
  }
}
