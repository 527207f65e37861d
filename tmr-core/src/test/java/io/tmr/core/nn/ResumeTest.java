package io.tmr.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tmr.core.nn.SmallElectraGradientTest.Batch;
import io.tmr.core.nn.SmallElectraGradientTest.TinyElectra;
import io.tmr.core.optim.AdamW;
import io.tmr.core.optim.GradientClipping;
import io.tmr.core.optim.WarmupLinearDecay;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training state is complete: parameters, AdamW moments and step, and the dropout stream state
 * saved after k steps and restored into a freshly built model continue bit-identically.
 */
class ResumeTest {
  private static final WarmupLinearDecay SCHEDULE = new WarmupLinearDecay(5e-3, 2, 10);

  private static void train(
      TinyElectra model, AdamW adam, RandomStream dropout, Batch batch, int steps) {
    for (int i = 0; i < steps; i++) {
      Parameters.zeroGrads(model.parameters);
      model.step(batch, dropout.nextLong(), true);
      GradientClipping.clipByGlobalNorm(model.parameters, 1.0);
      adam.step(SCHEDULE.rate(adam.steps()));
    }
  }

  @Test
  void savedStateResumesBitIdentically() {
    Batch batch = Batch.example();
    TinyElectra original = new TinyElectra(11, DataType.FLOAT);
    AdamW adam = new AdamW(original.parameters, AdamW.Config.electra());
    RandomStream dropout = new RandomStream(123);
    train(original, adam, dropout, batch, 3);

    Map<String, INDArray> params = Parameters.stateDict(original.parameters);
    Map<String, INDArray> optimizer = adam.stateDict();
    long dropoutState = dropout.state();

    TinyElectra resumed = new TinyElectra(999, DataType.FLOAT); // different init, overwritten below
    Parameters.loadStateDict(resumed.parameters, params);
    AdamW resumedAdam = new AdamW(resumed.parameters, AdamW.Config.electra());
    resumedAdam.loadStateDict(optimizer);
    RandomStream resumedDropout = new RandomStream(dropoutState);

    train(original, adam, dropout, batch, 3);
    train(resumed, resumedAdam, resumedDropout, batch, 3);

    List<Parameter> a = original.parameters;
    List<Parameter> b = resumed.parameters;
    for (int i = 0; i < a.size(); i++) {
      Matrix va = a.get(i).valueMatrix();
      Matrix vb = b.get(i).valueMatrix();
      for (int j = 0; j < va.size(); j++) {
        assertEquals(
            Float.floatToIntBits(va.floats().get(j)),
            Float.floatToIntBits(vb.floats().get(j)),
            a.get(i).name() + "[" + j + "]");
      }
    }
    assertEquals(6, resumedAdam.steps());
  }
}
