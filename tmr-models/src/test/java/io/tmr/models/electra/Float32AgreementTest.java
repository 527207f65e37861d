package io.tmr.models.electra;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.nn.Context;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The float32 fast paths (LayerNorm, softmax, GELU, exp kernels, parallel attention) against the
 * float64 reference on the same weights at the tiny preset's shape (batch 4 × 128, hidden 128, 2
 * heads, 2 layers, vocab 8,000): discriminator loss and every gradient tensor agree closely.
 */
class Float32AgreementTest {
  @Test
  void discriminatorFloat32MatchesFloat64AtTheTinyPresetShape() {
    ElectraConfig c =
        ElectraConfig.builder()
            .vocab(8000)
            .embedding(128)
            .hidden(128)
            .layers(2)
            .heads(2)
            .intermediate(512)
            .generatorFraction(0.25)
            .maxPositions(512)
            .dropout(0.1)
            .build();
    ElectraModel f = new ElectraModel(c, DataType.FLOAT, 3);
    ElectraModel d = new ElectraModel(c, DataType.DOUBLE, 3);
    for (int i = 0; i < f.parameters().size(); i++) {
      d.parameters().get(i).value().assign(f.parameters().get(i).value().castTo(DataType.DOUBLE));
    }
    int b = 4;
    int seq = 128;
    CorruptedBatch batch = new CorruptedBatch(b, seq);
    RandomStream r = new RandomStream(8);
    for (int row = 0; row < b; row++) {
      int len = row == 0 ? seq : 60 + r.nextInt(68);
      batch.lengths[row] = len;
      for (int t = 0; t < len; t++) {
        batch.originalIds[row * seq + t] = 4 + r.nextInt(7996);
        batch.corruptedIds[row * seq + t] =
            r.nextDouble() < 0.15 ? 4 + r.nextInt(7996) : batch.originalIds[row * seq + t];
        batch.segmentIds[row * seq + t] = t < len / 2 ? 0 : 1;
      }
    }
    batch.deriveLabels();
    for (ElectraModel m : List.of(f, d)) {
      Parameters.zeroGrads(m.parameters());
    }
    double lf =
        f.discriminatorStep(
                batch,
                b,
                ElectraModel.Pass.backward(Context.training(new RandomStream(5))).scaled(50.0))
            .loss;
    double ld =
        d.discriminatorStep(
                batch,
                b,
                ElectraModel.Pass.backward(Context.training(new RandomStream(5))).scaled(50.0))
            .loss;
    assertTrue(Math.abs(lf - ld) < 1e-4 * Math.abs(ld), "loss float32 " + lf + " float64 " + ld);
    double worst = 0;
    String where = "";
    for (int i = 0; i < f.parameters().size(); i++) {
      Parameter pf = f.parameters().get(i);
      Parameter pd = d.parameters().get(i);
      if (pf.name().startsWith("generator")) {
        continue;
      }
      double diff = pf.grad().castTo(DataType.DOUBLE).sub(pd.grad()).norm2Number().doubleValue();
      double ref = pd.grad().norm2Number().doubleValue();
      // The key bias gradient is exactly zero in exact arithmetic (softmax is shift-invariant):
      // floor the reference.
      double rel = diff / Math.max(ref, 1e-6);
      if (rel > worst) {
        worst = rel;
        where = pf.name() + " (norm " + ref + ")";
      }
    }
    System.out.println(
        "float32 vs float64 discriminator gradients: worst relative difference "
            + worst
            + " at "
            + where);
    assertTrue(worst < 1e-3, "worst " + worst + " at " + where);
  }
}
