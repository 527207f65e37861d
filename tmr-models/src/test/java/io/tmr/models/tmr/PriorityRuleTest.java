package io.tmr.models.tmr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.Config;
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

  /**
   * Large next to the tolerance of the checks (1e-6): a rule or a buffer that dropped epsilon fails
   * them.
   */
  static final double EPS = 1e-3;

  static ElectraModel model() {
    return new ElectraModel(
        ElectraConfig.builder()
            .vocab(20)
            .embedding(4)
            .hidden(4)
            .layers(1)
            .heads(1)
            .intermediate(8)
            .generatorFraction(0.5)
            .maxPositions(16)
            .dropout(0.0)
            .build(),
        DataType.DOUBLE,
        5);
  }

  static CorruptedBatch batch(long seed) {
    RandomStream r = new RandomStream(seed);
    CorruptedBatch b = new CorruptedBatch(B, L);
    for (int row = 0; row < B; row++) {
      int len = 5 + r.nextInt(L - 4);
      b.lengths[row] = len;
      for (int t = 0; t < len; t++) {
        b.originalIds[row * L + t] = 4 + r.nextInt(16);
        b.corruptedIds[row * L + t] =
            r.nextDouble() < 0.3 ? 4 + r.nextInt(16) : b.originalIds[row * L + t];
        b.segmentIds[row * L + t] = t < len / 2 ? 0 : 1;
      }
    }
    b.deriveLabels();
    return b;
  }

  static ReplayFeed feed(String weight, String normMode) {
    Config c =
        Config.builder(TmrOptions.spec())
            .overrides(
                List.of(
                    "trainer=tmr",
                    "replay.capacity=16",
                    "replay.freshFraction=0.5",
                    "replay.weight=" + weight,
                    "replay.gradientNorm=" + normMode,
                    "replay.epsilon=" + EPS,
                    "replay.importanceWeights=false"))
            .build();
    return new ReplayFeed(c, B, 10, L, 20, 3);
  }

  /**
   * Per-example loss and ‖∂ℓ/∂z‖ from the probabilities of a forward pass (independent of the loss
   * class).
   */
  static double[][] byHand(ElectraModel m, CorruptedBatch b, int rows) {
    ElectraModel.DiscriminatorStats s =
        m.discriminatorStep(b, rows, ElectraModel.Pass.inference().keepingProbabilities());
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
  static DiscriminatorFeed.Composition step(
      ReplayFeed f, ElectraModel m, long step, CorruptedBatch fresh) {
    Parameters.zeroGrads(m.parameters());
    DiscriminatorFeed.Composition c = f.compose(step, fresh);
    ElectraModel.DiscriminatorStats s =
        m.discriminatorStep(
            c.batch(),
            c.rows(),
            ElectraModel.Pass.backward(Context.inference()).weighted(c.weights()));
    f.feedback(step, c, s, m);
    return c;
  }

  void check(String weight, String normMode, int which) {
    ElectraModel m = model();
    ReplayFeed f = feed(weight, normMode);
    for (int t = 1; t <= 3; t++) {
      step(
          f,
          m,
          t,
          batch(
              t)); // 2 fresh rows per step enter the buffer after their use: 6 items before step 4
    }
    // Expected values come from the parameters as they are when step 4 runs (no optimizer here).
    CorruptedBatch fresh4 = batch(4);
    ItemSnapshot before = f.buffer().inspect();
    DiscriminatorFeed.Composition c = f.compose(4, fresh4);
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
    ElectraModel.DiscriminatorStats s =
        m.discriminatorStep(
            c.batch(),
            c.rows(),
            ElectraModel.Pass.backward(Context.inference()).weighted(c.weights()));
    f.feedback(4, c, s, m);
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
      double expected =
          switch (which) {
            case 0 ->
                weight.equals("loss")
                    ? (float) ell + EPS
                    : Math.abs((float) ell - prev(before, slot)) + EPS;
            case 1 -> (float) hand[1][nFresh + r] + EPS;
            default -> (float) exact[r] + EPS;
          };
      assertEquals(
          expected,
          after.weights()[i],
          1e-6 * Math.max(1, expected),
          weight + "/" + normMode + " row " + r);
      checked++;
    }
    assertTrue(checked > 0, "at least one singly-drawn row checked");
  }

  /**
   * The loss recorded at the item's previous training use: every buffered item was trained on fresh
   * before.
   */
  static double prev(ItemSnapshot s, int slot) {
    int i = s.indexOf(slot);
    assertTrue(i >= 0, "a replayed item was in the buffer before the step");
    float p = s.lastLosses()[i];
    assertTrue(!Float.isNaN(p), "a buffered item carries the loss of its fresh use");
    return p;
  }

  static int countSlot(SampleBatch s, int n, int slot) {
    int c = 0;
    for (int r = 0; r < n; r++) {
      c += s.slot(r) == slot ? 1 : 0;
    }
    return c;
  }

  /**
   * ‖∇θ ℓ_b‖ over the discriminator's parameters by central finite differences, one example at a
   * time.
   */
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
  void importanceWeightsReachTheDiscriminatorLoss() {
    ElectraModel m = model();
    Config c =
        Config.builder(TmrOptions.spec())
            .overrides(
                List.of(
                    "trainer=tmr",
                    "replay.capacity=16",
                    "replay.weight=loss",
                    "replay.alpha=1",
                    "replay.beta=0.5",
                    "replay.betaSteps=0"))
            .build();
    ReplayFeed f = new ReplayFeed(c, B, 10, L, 20, 3);
    for (int t = 1; t <= 3; t++) {
      step(f, m, t, batch(t));
    }
    DiscriminatorFeed.Composition comp = f.compose(4, batch(4));
    int nFresh = f.lastFreshRows();
    int nRep = f.lastReplayedRows();
    SampleBatch sample = f.lastSample();
    double[] w = comp.weights();
    // (N·P_k)^-β / max_j (N·P_j)^-β with β = 1 (betaSteps 0), fresh rows 1
    double minP = Double.POSITIVE_INFINITY;
    for (int r = 0; r < nRep; r++) {
      minP = Math.min(minP, sample.probability(r));
    }
    for (int r = 0; r < nFresh; r++) {
      assertEquals(1.0, w[r], 0.0);
    }
    boolean someBelowOne = false;
    for (int r = 0; r < nRep; r++) {
      assertEquals(
          Math.pow(sample.probability(r) / minP, -1.0),
          w[nFresh + r],
          1e-12,
          "importance weight of row " + r);
      someBelowOne |= w[nFresh + r] < 1 - 1e-9;
    }
    assertTrue(someBelowOne, "prioritised draws get weights below 1");
    CorruptedBatch copy = new CorruptedBatch(B, L);
    for (int r = 0; r < comp.rows(); r++) {
      copy.copyRow(comp.batch(), r, r);
    }
    double[] ell = byHand(m, copy, comp.rows())[0];
    double weighted = 0;
    double plain = 0;
    long tokens = 0;
    for (int r = 0; r < comp.rows(); r++) {
      weighted += w[r] * ell[r] * copy.lengths[r];
      plain += ell[r] * copy.lengths[r];
      tokens += copy.lengths[r];
    }
    ElectraModel.DiscriminatorStats s =
        m.discriminatorStep(
            comp.batch(), comp.rows(), ElectraModel.Pass.backward(Context.inference()).weighted(w));
    assertEquals(
        weighted / tokens,
        s.loss,
        1e-12,
        "the training loss is the importance-weighted token mean");
    assertEquals(plain / tokens, s.unweightedLoss, 1e-12);
    assertTrue(s.loss < s.unweightedLoss - 1e-9);
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
