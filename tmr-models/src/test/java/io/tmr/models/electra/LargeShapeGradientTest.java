package io.tmr.models.electra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.nn.Context;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The discriminator's gradient at a pretraining-sized shape (batch 4 × 128, hidden 128, 2 heads),
 * where the per-head attention GEMMs run in parallel, against central finite differences on sampled
 * entries of every parameter tensor (float64, no dropout).
 */
@org.junit.jupiter.api.Tag("slow")
class LargeShapeGradientTest {
  private static final int BATCH = 4;
  private static final int SEQ = 128;

  /** Hidden 128, 2 heads, 2 layers, vocabulary 300, float64, no dropout. */
  private static ElectraModel model() {
    return new ElectraModel(
        ElectraConfig.builder()
            .vocab(300)
            .embedding(64)
            .hidden(128)
            .layers(2)
            .heads(2)
            .intermediate(256)
            .generatorFraction(0.25)
            .maxPositions(128)
            .dropout(0.0)
            .build(),
        DataType.DOUBLE,
        9);
  }

  /** 4 × 128 with padding in rows 1–3 and 15 % random replacements, two segments per row. */
  private static CorruptedBatch batch() {
    CorruptedBatch batch = new CorruptedBatch(BATCH, SEQ);
    RandomStream r = new RandomStream(4);
    for (int row = 0; row < BATCH; row++) {
      int len = row == 0 ? SEQ : 90 + r.nextInt(38);
      batch.lengths[row] = len;
      for (int t = 0; t < len; t++) {
        batch.originalIds[row * SEQ + t] = 4 + r.nextInt(296);
        batch.corruptedIds[row * SEQ + t] =
            r.nextDouble() < 0.15 ? 4 + r.nextInt(296) : batch.originalIds[row * SEQ + t];
        batch.segmentIds[row * SEQ + t] = t < len / 2 ? 0 : 1;
      }
    }
    batch.deriveLabels();
    return batch;
  }

  /** (loss(θ_j + h) − loss(θ_j − h)) / 2h of the discriminator loss, θ_j restored afterwards. */
  private static double centralDifference(
      ElectraModel m, CorruptedBatch batch, Parameter p, long j, double h) {
    double v = p.value().getDouble(j);
    p.value().putScalar(j, v + h);
    double up = m.discriminatorStep(batch, BATCH, ElectraModel.Pass.inference()).loss;
    p.value().putScalar(j, v - h);
    double down = m.discriminatorStep(batch, BATCH, ElectraModel.Pass.inference()).loss;
    p.value().putScalar(j, v);
    return (up - down) / (2 * h);
  }

  @Test
  void discriminatorGradientsMatchFiniteDifferencesOnTheParallelAttentionPath() {
    ElectraModel m = model();
    CorruptedBatch batch = batch();
    Parameters.zeroGrads(m.parameters());
    m.discriminatorStep(batch, BATCH, ElectraModel.Pass.backward(Context.inference()));
    List<Parameter> disc =
        m.parameters().stream().filter(p -> !p.name().startsWith("generator")).toList();
    double h = 1e-5;
    double worst = 0;
    String worstName = "";
    RandomStream pick = new RandomStream(17);
    for (Parameter p : disc) {
      for (int k = 0; k < 3; k++) {
        long j = pick.nextInt((int) p.length());
        double analytic = p.grad().getDouble(j);
        double fd = centralDifference(m, batch, p, j, h);
        // Relative error, floored at 1e-5 (gradients here are of order 1e-3; entries near 1e-9 are
        // finite-difference noise).
        double err = Math.abs(fd - analytic) / Math.max(1e-5, Math.abs(fd) + Math.abs(analytic));
        if (err > worst) {
          worst = err;
          worstName = p.name() + "[" + j + "] fd " + fd + " analytic " + analytic;
        }
      }
    }
    System.out.println(
        "large-shape discriminator gradient: worst relative error " + worst + " at " + worstName);
    assertTrue(worst < 1e-4, "worst " + worst + " at " + worstName);
  }

  /**
   * The attention query/key gradients are tiny at ELECTRA's initialisation (≈ 1e-8, under the floor
   * above), so they are checked separately: query and key weights scaled up 30× so attention is not
   * uniform, a step of 1e-4 and a relative error floored at 1e-12: the gradients are still ≈ 1e-8,
   * where the float64 cancellation noise of the difference quotient (≈ 1e-16 × loss / h) is ≈
   * 1e-12, so 1e-3 relative is the resolution, far below what a wrong term would give.
   */
  @Test
  void attentionQueryAndKeyGradientsMatchFiniteDifferencesBelowTheSharedFloor() {
    ElectraModel m = model();
    for (Parameter p : m.parameters()) {
      if (p.name().contains("query.weight") || p.name().contains("key.weight")) {
        p.value().muli(30);
      }
    }
    CorruptedBatch batch = batch();
    Parameters.zeroGrads(m.parameters());
    m.discriminatorStep(batch, BATCH, ElectraModel.Pass.backward(Context.inference()));
    double h = 1e-4;
    double worst = 0;
    String worstName = "";
    int checked = 0;
    RandomStream pick = new RandomStream(17);
    for (Parameter p : m.parameters()) {
      if (!p.name().startsWith("electra.encoder")
          || !(p.name().contains("query.weight") || p.name().contains("key.weight"))) {
        continue;
      }
      for (int k = 0; k < 4; k++) {
        long j = pick.nextInt((int) p.length());
        double analytic = p.grad().getDouble(j);
        double fd = centralDifference(m, batch, p, j, h);
        assertTrue(
            Math.abs(fd) > 1e-10,
            "finite difference "
                + fd
                + " at "
                + p.name()
                + "["
                + j
                + "] is noise: scale the weights further");
        double err = Math.abs(fd - analytic) / Math.max(1e-12, Math.abs(fd) + Math.abs(analytic));
        checked++;
        if (err > worst) {
          worst = err;
          worstName = p.name() + "[" + j + "] fd " + fd + " analytic " + analytic;
        }
      }
    }
    System.out.println("query/key gradients: worst relative error " + worst + " at " + worstName);
    assertEquals(16, checked);
    assertTrue(worst < 1e-3, "worst " + worst + " at " + worstName);
  }
}
