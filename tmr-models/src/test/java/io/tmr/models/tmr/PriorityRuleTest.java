package io.tmr.models.tmr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.config.Config;
import io.tmr.core.nn.Context;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.tensor.RandomStream;
import io.tmr.models.electra.CorruptedBatch;
import io.tmr.models.electra.ElectraConfig;
import io.tmr.models.electra.ElectraModel;
import io.tmr.models.pretrain.DiscriminatorFeed;
import io.tmr.replay.ItemSnapshot;
import io.tmr.replay.SampleBatch;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Each priority rule, end to end through the replay feed on a tiny float64 model without dropout,
 * against a hand computation: the weights stored for replayed rows must equal the rule's formula
 * evaluated on per-example losses and gradients computed here independently (from the
 * discriminator's probabilities, and for the exact gradient norm by finite differences).
 */
class PriorityRuleTest {
  static final int B = 4;
  static final int L = 8;
  static final double EPS = 1e-6;

  static ElectraModel model() {
    return new ElectraModel(ElectraConfig.of(20, 4, 4, 1, 1, 8, 0.5, 16, 0.0), DataType.DOUBLE, 5);
  }

  static CorruptedBatch batch(long seed) {
    RandomStream r = new RandomStream(seed);
    CorruptedBatch b = new CorruptedBatch(B, L);
    for (int row = 0; row < B; row++) {
      int len = 5 + r.nextInt(L - 4);
      b.lengths[row] = len;
      for (int t = 0; t < len; t++) {
        b.originalIds[row * L + t] = 4 + r.nextInt(16);
        b.corruptedIds[row * L + t] = r.nextDouble() < 0.3 ? 4 + r.nextInt(16) : b.originalIds[row * L + t];
        b.segmentIds[row * L + t] = t < len / 2 ? 0 : 1;
      }
    }
    b.deriveLabels();
    return b;
  }

  static ReplayFeed feed(String weight, String normMode) {
    Config c = Config.builder(TmrOptions.spec()).overrides(List.of("trainer=tmr", "replay.capacity=16", "replay.freshFraction=0.5",
        "replay.weight=" + weight, "replay.gradientNorm=" + normMode, "replay.epsilon=" + EPS, "replay.importanceWeights=false")).build();
    return new ReplayFeed(c, B, L, 20, 3);
  }

  /** Per-example loss and ‖∂ℓ/∂z‖ from the probabilities of a forward pass (independent of the loss class). */
  static double[][] byHand(ElectraModel m, CorruptedBatch b, int rows) {
    ElectraModel.DiscriminatorStats s = m.discriminatorStep(b, rows, null, 1.0, Context.inference(), false, true);
    double[] loss = new double[rows];
    double[] bound = new double[rows];
    int k = 0;
    for (int r = 0; r < rows; r++) {
      int n = b.lengths[r];
      double sum = 0;
      double sq = 0;
      for (int t = 0; t < n; t++, k++) {
        double p = s.probabilities[k];
        int y = s.probabilityLabels[k];
        sum += -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
        sq += (p - y) * (p - y);
      }
      loss[r] = sum / n;
      bound[r] = Math.sqrt(sq) / n;
    }
    return new double[][] {loss, bound};
  }

  /** One TMR step through the feed (generator output given), returning the composition. */
  static DiscriminatorFeed.Composition step(ReplayFeed f, ElectraModel m, long step, CorruptedBatch fresh) {
    Parameters.zeroGrads(m.parameters());
    DiscriminatorFeed.Composition c = f.compose(step, fresh);
    ElectraModel.DiscriminatorStats s = m.discriminatorStep(c.batch(), c.rows(), c.weights(), 1.0, Context.inference(), true, false);
    f.feedback(step, c, s, m);
    return c;
  }

  void check(String weight, String normMode, int which) {
    ElectraModel m = model();
    ReplayFeed f = feed(weight, normMode);
    step(f, m, 1, batch(1));
    // Expected values come from the parameters as they are when step 2 runs (no optimizer here).
    CorruptedBatch fresh2 = batch(2);
    ItemSnapshot before = f.buffer().inspect();
    DiscriminatorFeed.Composition c = f.compose(2, fresh2);
    int nFresh = f.lastFreshRows();
    int nRep = f.lastReplayedRows();
    assertTrue(nRep > 0, "some rows replayed");
    CorruptedBatch copy = new CorruptedBatch(B, L);
    for (int r = 0; r < c.rows(); r++) {
      copy.copyRow(c.batch(), r, r);
    }
    double[][] hand = byHand(m, copy, c.rows());
    double[] exact = which == 2 ? finiteDifferenceNorms(m, copy, nFresh, nFresh + nRep) : null;
    Parameters.zeroGrads(m.parameters());
    ElectraModel.DiscriminatorStats s = m.discriminatorStep(c.batch(), c.rows(), c.weights(), 1.0, Context.inference(), true, false);
    f.feedback(2, c, s, m);
    ItemSnapshot after = f.buffer().inspect();
    SampleBatch sample = f.lastSample();
    int checked = 0;
    for (int r = 0; r < nRep; r++) {
      int slot = sample.slot(r);
      if (countSlot(sample, nRep, slot) > 1) {
        continue; // drawn twice: only the first update applies
      }
      int i = after.indexOf(slot);
      double ell = hand[0][nFresh + r];
      double expected = switch (which) {
        case 0 -> weight.equals("loss") ? (float) ell + EPS : Math.abs((float) ell - prev(before, slot)) + EPS;
        case 1 -> (float) hand[1][nFresh + r] + EPS;
        default -> (float) exact[r] + EPS;
      };
      assertEquals(expected, after.weights()[i], 1e-6 * Math.max(1, expected), weight + "/" + normMode + " row " + r);
      checked++;
    }
    assertTrue(checked > 0, "at least one singly-drawn row checked");
  }

  static double prev(ItemSnapshot s, int slot) {
    int i = s.indexOf(slot);
    if (i < 0) {
      return 0.0; // inserted in this step: no loss recorded yet
    }
    float p = s.lastLosses()[i];
    return Float.isNaN(p) ? 0.0 : p;
  }

  static int countSlot(SampleBatch s, int n, int slot) {
    int c = 0;
    for (int r = 0; r < n; r++) {
      c += s.slot(r) == slot ? 1 : 0;
    }
    return c;
  }

  /** ‖∇θ ℓ_b‖ over the discriminator's parameters by central finite differences, one example at a time. */
  static double[] finiteDifferenceNorms(ElectraModel m, CorruptedBatch b, int from, int to) {
    List<Parameter> disc = new ArrayList<>();
    for (Parameter p : m.parameters()) {
      if (!p.name().startsWith("generator")) {
        disc.add(p);
      }
    }
    double h = 1e-6;
    double[] out = new double[to - from];
    for (int r = from; r < to; r++) {
      CorruptedBatch one = new CorruptedBatch(1, L);
      one.copyRow(b, r, 0);
      double sq = 0;
      for (Parameter p : disc) {
        for (long j = 0; j < p.length(); j++) {
          double v = p.value().getDouble(j);
          p.value().putScalar(j, v + h);
          double up = byHand(m, one, 1)[0][0];
          p.value().putScalar(j, v - h);
          double down = byHand(m, one, 1)[0][0];
          p.value().putScalar(j, v);
          double g = (up - down) / (2 * h);
          sq += g * g;
        }
      }
      out[r - from] = Math.sqrt(sq);
    }
    return out;
  }

  @Test
  void lossRule() {
    check("loss", "bound", 0);
  }

  @Test
  void lossDifferenceRule() {
    check("loss-difference", "bound", 0);
  }

  @Test
  void gradientNormBound() {
    check("gradient-norm", "bound", 1);
  }

  @Test
  void gradientNormExactMatchesFiniteDifferences() {
    check("gradient-norm", "exact", 2);
  }
}
