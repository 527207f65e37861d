package io.tmr.bench.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.nn.AttentionMask;
import io.tmr.core.nn.Context;
import io.tmr.core.nn.EncoderModel;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.nn.SoftmaxCrossEntropy;
import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import io.tmr.core.text.Vocabulary;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Gradients of the fine-tuning heads and losses through a float64 encoder (dropout active, fixed
 * masks) against central finite differences: classification (cross-entropy), regression (squared
 * error) and span extraction (start/end cross-entropy with padding left out).
 */
class HeadGradientTest {
  private static final DataType F64 = DataType.DOUBLE;
  private static final Vocabulary VOCAB =
      TinyModels.vocabulary(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
  // Two sequences of different lengths: padding must get neither attention nor gradient.
  private static final int[] IDS = {2, 5, 9, 3, 11, 12, 3, 2, 6, 3, 13, 3, 0, 0};
  private static final int[] SEGMENTS = {0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0};
  private static final AttentionMask MASK = AttentionMask.fromLengths(7, new int[] {7, 5});

  private static EncoderModel encoder() {
    return TinyModels.randomEncoder(VOCAB, 8, 2, F64, 0.3).newEncoder(17);
  }

  @Test
  void classificationHeadMatchesFiniteDifferences() {
    EncoderModel encoder = encoder();
    ClassificationHead head =
        new ClassificationHead("classifier", 8, 3, 0.1, 4, F64, new RandomStream(3), 0.3);
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    int[] labels = {2, 0};
    DoubleSupplier f =
        () -> {
          Context ctx = Context.training(new RandomStream(99));
          return loss.forward(
              head.forward(encoder.forward(IDS, SEGMENTS, MASK, ctx), MASK, ctx), labels);
        };
    List<Parameter> params = Parameters.of(encoder, head);
    Parameters.zeroGrads(params);
    f.getAsDouble();
    encoder.backward(head.backward(loss.backward(1.0)));
    assertGradients(params, f);
  }

  @Test
  void regressionHeadMatchesFiniteDifferences() {
    EncoderModel encoder = encoder();
    ClassificationHead head =
        new ClassificationHead("classifier", 8, 1, 0.1, 4, F64, new RandomStream(4), 0.3);
    MeanSquaredError loss = new MeanSquaredError();
    double[] targets = {0.8, 0.1};
    DoubleSupplier f =
        () -> {
          Context ctx = Context.training(new RandomStream(98));
          return loss.forward(
              head.forward(encoder.forward(IDS, SEGMENTS, MASK, ctx), MASK, ctx), targets);
        };
    List<Parameter> params = Parameters.of(encoder, head);
    Parameters.zeroGrads(params);
    f.getAsDouble();
    encoder.backward(head.backward(loss.backward(1.0)));
    assertGradients(params, f);
  }

  @Test
  void spanHeadMatchesFiniteDifferencesAndIgnoresPadding() {
    EncoderModel encoder = encoder();
    SpanHead head = new SpanHead("qa_outputs", 8, 4, F64, new RandomStream(5), 0.3);
    SpanLoss loss = new SpanLoss();
    int[] starts = {4, 3};
    int[] ends = {5, 4};
    DoubleSupplier f =
        () -> {
          Context ctx = Context.training(new RandomStream(97));
          return loss.forward(
              head.forward(encoder.forward(IDS, SEGMENTS, MASK, ctx)), MASK, starts, ends);
        };
    List<Parameter> params = Parameters.of(encoder, head);
    Parameters.zeroGrads(params);
    f.getAsDouble();
    Matrix dLogits = loss.backward(1.0, F64);
    for (int s = 5; s < 7; s++) {
      assertEquals(0.0, dLogits.get(7 + s, 0), "padding start gradient");
      assertEquals(0.0, dLogits.get(7 + s, 1), "padding end gradient");
    }
    encoder.backward(head.backward(dLogits));
    assertGradients(params, f);
  }

  @Test
  void spanLossIsTheMeanOfStartAndEndCrossEntropy() {
    // Hand-computed: one sequence of 3 real tokens + 1 padding, logits (start, end) per token.
    Matrix logits = Matrix.allocate(F64, 4, 2);
    double[][] v = {{1, 0}, {2, 1}, {0, 3}, {50, 50}};
    for (int r = 0; r < 4; r++) {
      logits.set(r, 0, v[r][0]);
      logits.set(r, 1, v[r][1]);
    }
    double lseStart = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0));
    double lseEnd = Math.log(Math.exp(0) + Math.exp(1) + Math.exp(3));
    double expected = 0.5 * ((lseStart - 2) + (lseEnd - 3));
    double got =
        new SpanLoss()
            .forward(
                logits, AttentionMask.fromLengths(4, new int[] {3}), new int[] {1}, new int[] {2});
    assertEquals(expected, got, 1e-12);
  }

  /**
   * Every head entry and a spread of encoder entries against central differences; the error is
   * relative to a floor of 1e-4 because some gradients are zero in exact arithmetic (the key bias:
   * softmax ignores a per-row constant) and differences of 1e-11 would otherwise count.
   */
  private static void assertGradients(List<Parameter> params, DoubleSupplier f) {
    double worst = 0;
    int checked = 0;
    for (Parameter p : params) {
      Matrix value = p.valueMatrix();
      Matrix grad = p.gradMatrix();
      int n = value.size();
      int stride = Math.max(1, n / 12);
      for (int i = 0; i < n; i += stride) {
        double original = value.get(i);
        double h = 1e-5;
        value.set(i, original + h);
        double up = f.getAsDouble();
        value.set(i, original - h);
        double down = f.getAsDouble();
        value.set(i, original);
        double numeric = (up - down) / (2 * h);
        double analytic = grad.get(i);
        double err =
            Math.abs(numeric - analytic) / Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic));
        assertTrue(
            err < 1e-5, p.name() + "[" + i + "]: analytic " + analytic + " numeric " + numeric);
        worst = Math.max(worst, err);
        checked++;
      }
    }
    assertTrue(checked > 100, "checked " + checked + " entries");
  }
}
