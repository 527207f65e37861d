package io.tmr.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A whole miniature ELECTRA step in float64: shared embeddings (E = 6) feeding a generator (H = 4,
 * projection, 2 layers, tied MLM head on masked positions) and a discriminator (H = 8, projection,
 * 2 layers, RTD head with weighted BCE); loss = MLM + 50 x discriminator, dropout active. All
 * gradients against finite differences.
 */
class SmallElectraGradientTest {
  private static final DataType F64 = DataType.DOUBLE;

  /** The miniature model, assembled as the ELECTRA pretraining model will be. */
  static final class TinyElectra {
    final EncoderModel discriminator;
    final EncoderModel generator;
    final MlmHead mlmHead;
    final DiscriminatorHead discriminatorHead;
    final SoftmaxCrossEntropy mlmLoss = new SoftmaxCrossEntropy();
    final SigmoidBinaryCrossEntropy discLoss;
    final List<Parameter> parameters;

    TinyElectra(long seed) {
      this(seed, F64);
    }

    TinyElectra(long seed, DataType dt) {
      RandomStream init = new RandomStream(seed);
      discLoss = new SigmoidBinaryCrossEntropy(dt);
      EmbeddingConfig emb = new EmbeddingConfig(17, 6, 8, 2, 1e-12, 0.1, 0.3, dt);
      TransformerConfig disc =
          new TransformerConfig(8, 2, 2, 16, 0.1, 0.1, 1e-12, 0.3, Gelu.ERF, dt);
      TransformerConfig gen = new TransformerConfig(4, 2, 1, 8, 0.1, 0.1, 1e-12, 0.3, Gelu.ERF, dt);
      discriminator = EncoderModel.create("electra", emb, disc, init);
      generator =
          EncoderModel.withEmbeddings("generator", discriminator.embeddings().sharing(), gen, init);
      mlmHead =
          new MlmHead(
              "generator_predictions",
              "generator_lm_head",
              4,
              discriminator.embeddings().wordEmbeddings(),
              1e-12,
              Gelu.ERF,
              4,
              init,
              0.3);
      discriminatorHead =
          new DiscriminatorHead("discriminator_predictions", 8, Gelu.ERF, 4, dt, init, 0.3);
      parameters = Parameters.of(discriminator, discriminatorHead, generator, mlmHead);
    }

    double step(Batch batch, long dropoutSeed, boolean backward) {
      return step(batch, Context.training(new RandomStream(dropoutSeed)), backward);
    }

    double step(Batch batch, Context ctx, boolean backward) {
      Matrix gh = generator.forward(batch.maskedIds, batch.segments, batch.mask, ctx);
      double mlm =
          mlmLoss.forward(
              mlmHead.forward(gh, batch.positions, batch.positions.length), batch.mlmLabels);
      Matrix dh = discriminator.forward(batch.corruptedIds, batch.segments, batch.mask, ctx);
      double rtd =
          discLoss.forward(
              discriminatorHead.forward(dh), batch.rtdLabels, batch.mask, batch.weights);
      if (backward) {
        generator.backward(mlmHead.backward(mlmLoss.backward(1.0)));
        discriminator.backward(discriminatorHead.backward(discLoss.backward(50.0)));
      }
      return mlm + 50.0 * rtd;
    }
  }

  record Batch(
      int[] maskedIds,
      int[] corruptedIds,
      int[] segments,
      AttentionMask mask,
      int[] positions,
      int[] mlmLabels,
      int[] rtdLabels,
      double[] weights) {
    static Batch example() {
      int seq = 6;
      AttentionMask mask = AttentionMask.fromLengths(seq, new int[] {6, 4});
      int[] original = {1, 5, 9, 3, 12, 2, 1, 7, 7, 2, 0, 0};
      int[] masked = {1, 4, 9, 4, 12, 2, 1, 7, 4, 2, 0, 0};
      int[] positions = {1, 3, 8};
      int[] labels = {original[1], original[3], original[8]};
      int[] corrupted = {1, 16, 9, 3, 12, 2, 1, 7, 11, 2, 0, 0};
      int[] rtd = new int[12];
      for (int t = 0; t < 12; t++) {
        rtd[t] = corrupted[t] != original[t] ? 1 : 0;
      }
      int[] segments = {0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0};
      return new Batch(
          masked, corrupted, segments, mask, positions, labels, rtd, new double[] {0.7, 1.3});
    }
  }

  @Test
  void wholeModelGradientsMatchFiniteDifferences() {
    TinyElectra model = new TinyElectra(21);
    Batch batch = Batch.example();
    List<Parameter> params = model.parameters;
    assertEquals(
        1,
        params.stream()
            .filter(p -> p.name().equals("electra.embeddings.word_embeddings.weight"))
            .count(),
        "shared/tied embeddings appear once");
    assertTrue(
        params.stream().noneMatch(p -> p.name().startsWith("generator.embeddings.")),
        "generator reuses embeddings");
    Parameters.zeroGrads(params);
    double loss = model.step(batch, 5, true);
    assertTrue(loss > 0);
    double err =
        new GradientChecker(40)
            .parameters(params)
            .assertMatches(() -> model.step(batch, 5, false), 1e-4);
    System.out.println(
        "whole tiny ELECTRA: "
            + params.size()
            + " parameters, "
            + Parameters.count(params)
            + " scalars, max rel err "
            + err);
  }

  @Test
  void float32PathAgreesWithFloat64() {
    TinyElectra f32 = new TinyElectra(4, DataType.FLOAT);
    TinyElectra f64 = new TinyElectra(4, F64);
    for (int i = 0; i < f32.parameters.size(); i++) {
      f64.parameters.get(i).assign(f32.parameters.get(i).value());
    }
    Batch batch = Batch.example();
    Parameters.zeroGrads(f32.parameters);
    Parameters.zeroGrads(f64.parameters);
    double l32 = f32.step(batch, 9, true);
    double l64 = f64.step(batch, 9, true);
    assertEquals(l64, l32, 1e-5 * Math.abs(l64), "loss");
    double worst = 0;
    // Some gradients are zero in exact arithmetic (the key bias: softmax ignores a per-row
    // constant), so relative errors are measured against a floor of 1e-4 x the global norm.
    double floor = 1e-4 * Parameters.gradNorm(f64.parameters);
    for (int i = 0; i < f32.parameters.size(); i++) {
      Matrix g32 = f32.parameters.get(i).gradMatrix();
      Matrix g64 = f64.parameters.get(i).gradMatrix();
      double diff = 0;
      double norm = 0;
      for (int j = 0; j < g64.size(); j++) {
        diff += Math.pow(g32.get(j) - g64.get(j), 2);
        norm += Math.pow(g64.get(j), 2);
      }
      double rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), floor);
      worst = Math.max(worst, rel);
      assertTrue(
          rel < 1e-4, f32.parameters.get(i).name() + " float32 gradient relative error " + rel);
    }
    System.out.println("float32 vs float64 tiny ELECTRA: worst gradient relative error " + worst);
  }

  @Test
  void sameSeedsGiveIdenticalLossesAndGradients() {
    TinyElectra a = new TinyElectra(3);
    TinyElectra b = new TinyElectra(3);
    Batch batch = Batch.example();
    Parameters.zeroGrads(a.parameters);
    Parameters.zeroGrads(b.parameters);
    assertEquals(a.step(batch, 77, true), b.step(batch, 77, true));
    for (int i = 0; i < a.parameters.size(); i++) {
      Matrix ga = a.parameters.get(i).gradMatrix();
      Matrix gb = b.parameters.get(i).gradMatrix();
      for (int j = 0; j < ga.size(); j++) {
        assertEquals(ga.get(j), gb.get(j), a.parameters.get(i).name());
      }
    }
    double other = a.step(batch, 78, false);
    assertTrue(other != b.step(batch, 77, false), "a different dropout seed changes the loss");
  }
}
