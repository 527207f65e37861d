package io.tmr.core.nn;

import static io.tmr.core.nn.GradientChecker.copy;
import static io.tmr.core.nn.GradientChecker.dot;
import static io.tmr.core.nn.GradientChecker.randomMatrix;
import static io.tmr.core.nn.GradientChecker.relativeDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.tensor.Matrix;
import io.tmr.core.tensor.RandomStream;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Every layer's backward against central finite differences in float64 (relative error <= 1e-6).
 */
class LayerGradientTest {
  private static final DataType F64 = DataType.DOUBLE;
  private static final double FLOOR = 1e-4;
  private static final long DROPOUT_SEED = 99;

  private static void randomize(Parameter p, RandomStream r, double scale) {
    Matrix v = p.valueMatrix();
    for (int i = 0; i < v.size(); i++) {
      v.set(i, scale * (2 * r.nextDouble() - 1));
    }
  }

  private static Context training() {
    return Context.training(new RandomStream(DROPOUT_SEED));
  }

  @Test
  void linearAndProjection() {
    RandomStream r = new RandomStream(1);
    // 5 -> 3 is the shape of a projection E -> H with E != H.
    Linear lin = Linear.create("proj", 5, 3, true, 0, F64, r, 0.5);
    randomize(lin.bias(), r, 0.5);
    Matrix x = randomMatrix(r, 4, 5);
    Matrix w = randomMatrix(r, 4, 3);
    DoubleSupplier loss = () -> dot(w, lin.forward(x));
    Parameters.zeroGrads(lin.parameters());
    lin.forward(x);
    Matrix dx = copy(lin.backward(w));
    double err =
        new GradientChecker(1000)
            .parameters(lin.parameters())
            .probe("x", x, dx)
            .assertMatches(loss, FLOOR);
    System.out.println("linear max rel err " + err);
  }

  @Test
  void linearSharedWeightAccumulatesBothUses() {
    RandomStream r = new RandomStream(2);
    Linear a = Linear.create("shared", 4, 3, true, 0, F64, r, 0.5);
    Linear b = Linear.tied(a.weight(), a.bias());
    Matrix x1 = randomMatrix(r, 5, 4);
    Matrix x2 = randomMatrix(r, 2, 4);
    Matrix w1 = randomMatrix(r, 5, 3);
    Matrix w2 = randomMatrix(r, 2, 3);
    DoubleSupplier loss = () -> dot(w1, a.forward(x1)) + dot(w2, b.forward(x2));
    Parameters.zeroGrads(a.parameters());
    a.forward(x1);
    b.forward(x2);
    a.backward(w1);
    b.backward(w2);
    double err = new GradientChecker(1000).parameters(a.parameters()).assertMatches(loss, FLOOR);
    System.out.println("shared linear max rel err " + err);
  }

  @Test
  void layerNorm() {
    RandomStream r = new RandomStream(3);
    LayerNorm ln = LayerNorm.create("ln", 7, 1e-12, 0, F64);
    randomize(ln.gamma(), r, 1.5);
    randomize(ln.beta(), r, 0.5);
    Matrix x = randomMatrix(r, 6, 7);
    Matrix w = randomMatrix(r, 6, 7);
    DoubleSupplier loss = () -> dot(w, ln.forward(x));
    Parameters.zeroGrads(ln.parameters());
    ln.forward(x);
    Matrix dx = copy(ln.backward(w));
    double err =
        new GradientChecker(1000)
            .parameters(ln.parameters())
            .probe("x", x, dx)
            .assertMatches(loss, FLOOR);
    System.out.println("layernorm max rel err " + err);
  }

  @ParameterizedTest
  @EnumSource(Gelu.class)
  void gelu(Gelu gelu) {
    RandomStream r = new RandomStream(4);
    Matrix x = randomMatrix(r, 5, 9);
    for (int i = 0; i < x.size(); i++) {
      x.set(i, 4 * x.get(i)); // cover [-4, 4]
    }
    Matrix w = randomMatrix(r, 5, 9);
    Matrix out = Matrix.empty(F64);
    Matrix deriv = Matrix.empty(F64);
    DoubleSupplier loss =
        () -> {
          gelu.forward(x, out, deriv);
          return dot(w, out);
        };
    gelu.forward(x, out, deriv);
    Matrix dx = copy(w);
    Gelu.backwardInPlace(dx, deriv);
    double err = new GradientChecker(1000).probe("x", x, dx).assertMatches(loss, FLOOR);
    System.out.println("gelu " + gelu + " max rel err " + err);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void selfAttentionWithPaddingMask(boolean dropout) {
    RandomStream r = new RandomStream(5);
    int batch = 2;
    int seq = 4;
    int hidden = 6;
    SelfAttention att =
        new SelfAttention(
            "att", hidden, 2, dropout ? 0.3 : 0.0, 1, F64, r, 0.4, new Workspace(F64));
    for (Parameter p : att.parameters()) {
      if (p.name().endsWith("bias")) {
        randomize(p, r, 0.3);
      }
    }
    AttentionMask mask = AttentionMask.of(batch, seq, new int[] {1, 1, 1, 1, 1, 0, 1, 0});
    Matrix x = randomMatrix(r, batch * seq, hidden);
    Matrix w = randomMatrix(r, batch * seq, hidden);
    DoubleSupplier loss = () -> dot(w, att.forward(x, mask, training()));
    Parameters.zeroGrads(att.parameters());
    att.forward(x, mask, training());
    Matrix dx = copy(att.backward(w));
    double err =
        new GradientChecker(1000)
            .parameters(att.parameters())
            .probe("x", x, dx)
            .assertMatches(loss, FLOOR);
    System.out.println("attention (dropout " + dropout + ") max rel err " + err);
  }

  @Test
  void float32AttentionWithDropoutAgreesWithFloat64AtFullWordLengths() {
    // S = 64 takes the float32 branch-free mask path (whole 64-element mask words per row).
    int seq = 64;
    SelfAttention a32 =
        new SelfAttention(
            "att",
            8,
            2,
            0.2,
            1,
            DataType.FLOAT,
            new RandomStream(3),
            0.4,
            new Workspace(DataType.FLOAT));
    SelfAttention a64 =
        new SelfAttention("att", 8, 2, 0.2, 1, F64, new RandomStream(3), 0.4, new Workspace(F64));
    for (int i = 0; i < a32.parameters().size(); i++) {
      a64.parameters().get(i).assign(a32.parameters().get(i).value());
    }
    AttentionMask mask = AttentionMask.fromLengths(seq, new int[] {64, 40});
    RandomStream r = new RandomStream(4);
    Matrix x64 = randomMatrix(r, 2 * seq, 8);
    Matrix w64 = randomMatrix(r, 2 * seq, 8);
    Matrix x32 = Matrix.allocate(DataType.FLOAT, 2 * seq, 8);
    Matrix w32 = Matrix.allocate(DataType.FLOAT, 2 * seq, 8);
    for (int i = 0; i < x64.size(); i++) {
      x32.set(i, x64.get(i));
      x64.set(i, x32.get(i));
      w32.set(i, w64.get(i));
      w64.set(i, w32.get(i));
    }
    Matrix y32 = copy(a32.forward(x32, mask, training()));
    Matrix y64 = copy(a64.forward(x64, mask, training()));
    Matrix d32 = copy(a32.backward(w32));
    Matrix d64 = copy(a64.backward(w64));
    assertEquals(0.0, relativeDifference(y32, y64), 1e-5, "outputs");
    assertEquals(0.0, relativeDifference(d32, d64), 1e-4, "input gradients");
  }

  @Test
  void attentionGivesPaddingKeysZeroProbabilityAndIgnoresTheirContent() {
    RandomStream r = new RandomStream(6);
    int seq = 5;
    SelfAttention att = new SelfAttention("att", 8, 2, 0.0, 1, F64, r, 0.4, new Workspace(F64));
    AttentionMask mask = AttentionMask.fromLengths(seq, new int[] {3});
    Matrix x = randomMatrix(r, seq, 8);
    Matrix before = copy(att.forward(x, mask, Context.inference()));
    Matrix probs = att.probabilities();
    for (int row = 0; row < probs.rows(); row++) {
      double sum = 0;
      for (int key = 0; key < seq; key++) {
        double p = probs.get(row, key);
        if (key >= 3) {
          assertEquals(0.0, p, "padding key " + key + " in row " + row);
        }
        sum += p;
      }
      assertEquals(1.0, sum, 1e-12);
    }
    for (int j = 0; j < 8; j++) {
      x.set(3, j, 100 * r.nextDouble());
      x.set(4, j, -50 * r.nextDouble());
    }
    Matrix after = att.forward(x, mask, Context.inference());
    for (int t = 0; t < 3; t++) {
      for (int j = 0; j < 8; j++) {
        assertEquals(
            before.get(t, j),
            after.get(t, j),
            1e-12,
            "real token " + t + " changed with padding content");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Gelu.class)
  void encoderLayer(Gelu gelu) {
    RandomStream r = new RandomStream(7);
    TransformerConfig cfg = new TransformerConfig(8, 1, 2, 12, 0.1, 0.1, 1e-12, 0.3, gelu, F64);
    TransformerLayer layer = new TransformerLayer("layer", cfg, 1, r, new Workspace(F64));
    for (Parameter p : layer.parameters()) {
      if (p.name().endsWith("bias")) {
        randomize(p, r, 0.2);
      }
      if (p.name().contains("LayerNorm.weight")) {
        randomize(p, r, 1.0);
      }
    }
    AttentionMask mask = AttentionMask.fromLengths(5, new int[] {5, 3});
    Matrix x = randomMatrix(r, 10, 8);
    Matrix w = randomMatrix(r, 10, 8);
    DoubleSupplier loss = () -> dot(w, layer.forward(x, mask, training()));
    Parameters.zeroGrads(layer.parameters());
    layer.forward(x, mask, training());
    Matrix dx = copy(layer.backward(w));
    double err =
        new GradientChecker(1000)
            .parameters(layer.parameters())
            .probe("x", x, dx)
            .assertMatches(loss, FLOOR);
    System.out.println("encoder layer " + gelu + " max rel err " + err);
  }

  @Test
  void embeddingsSharedByTwoConsumers() {
    RandomStream r = new RandomStream(8);
    EmbeddingConfig cfg = new EmbeddingConfig(11, 6, 8, 2, 1e-12, 0.2, 0.5, F64);
    Embeddings first = Embeddings.create("emb", cfg, r);
    Embeddings second = first.sharing();
    randomize(first.layerNorm().gamma(), r, 1.0);
    randomize(first.layerNorm().beta(), r, 0.5);
    AttentionMask m1 = AttentionMask.fromLengths(4, new int[] {4, 2});
    AttentionMask m2 = AttentionMask.fromLengths(3, new int[] {3});
    int[] ids1 = {1, 5, 5, 2, 7, 3, 0, 0};
    int[] seg1 = {0, 0, 1, 1, 0, 1, 0, 0};
    int[] ids2 = {5, 10, 1};
    Matrix w1 = randomMatrix(r, 8, 6);
    Matrix w2 = randomMatrix(r, 3, 6);
    DoubleSupplier loss =
        () -> {
          Context c = training();
          return dot(w1, first.forward(ids1, seg1, m1, c))
              + dot(w2, second.forward(ids2, null, m2, c));
        };
    List<Parameter> params = first.parameters();
    assertEquals(params, second.parameters(), "both consumers expose the same parameter objects");
    Parameters.zeroGrads(params);
    Context c = training();
    first.forward(ids1, seg1, m1, c);
    second.forward(ids2, null, m2, c);
    first.backward(w1);
    second.backward(w2);
    // Accumulation: word 5 is used by both consumers, so its gradient must hold both contributions.
    double err = new GradientChecker(1000).parameters(params).assertMatches(loss, FLOOR);
    System.out.println("shared embeddings max rel err " + err);
  }

  @Test
  void mlmHeadWithTiedWeightsOnSelectedPositions() {
    RandomStream r = new RandomStream(9);
    int vocab = 13;
    int e = 5;
    int hidden = 4;
    Parameter wordEmbeddings =
        Parameter.zeros("emb.word_embeddings.weight", F64, new long[] {vocab, e}, true, 0);
    randomize(wordEmbeddings, r, 0.8);
    MlmHead head =
        new MlmHead("gen", "gen_head", hidden, wordEmbeddings, 1e-12, Gelu.ERF, 3, r, 0.5);
    randomize(head.outputBias(), r, 0.3);
    Matrix hiddenStates = randomMatrix(r, 8, hidden);
    int[] positions = {1, 3, 6, 3, 0};
    int count = 4; // the fifth entry must be ignored; row 3 selected twice
    int[] labels = {2, 12, 0, 7};
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
    DoubleSupplier loss = () -> ce.forward(head.forward(hiddenStates, positions, count), labels);
    List<Parameter> params = head.parameters();
    assertTrue(params.contains(wordEmbeddings), "tied weight is a head parameter");
    Parameters.zeroGrads(params);
    double l = ce.forward(head.forward(hiddenStates, positions, count), labels);
    assertTrue(l > 0);
    Matrix dHidden = copy(head.backward(ce.backward(1.0)));
    for (int j = 0; j < hidden; j++) {
      assertEquals(0.0, dHidden.get(2, j), "unselected row gets no gradient");
    }
    double err =
        new GradientChecker(1000)
            .parameters(params)
            .probe("hidden", hiddenStates, dHidden)
            .assertMatches(loss, FLOOR);
    System.out.println("mlm head max rel err " + err);
  }

  @Test
  void discriminatorHead() {
    RandomStream r = new RandomStream(10);
    DiscriminatorHead head = new DiscriminatorHead("disc", 5, Gelu.ERF, 3, F64, r, 0.5);
    Matrix h = randomMatrix(r, 6, 5);
    Matrix w = randomMatrix(r, 6, 1);
    DoubleSupplier loss = () -> dot(w, head.forward(h));
    Parameters.zeroGrads(head.parameters());
    head.forward(h);
    Matrix dh = copy(head.backward(w));
    double err =
        new GradientChecker(1000)
            .parameters(head.parameters())
            .probe("h", h, dh)
            .assertMatches(loss, FLOOR);
    System.out.println("discriminator head max rel err " + err);
  }

  @Test
  void softmaxCrossEntropy() {
    RandomStream r = new RandomStream(11);
    Matrix logits = randomMatrix(r, 4, 9);
    for (int i = 0; i < logits.size(); i++) {
      logits.set(i, 5 * logits.get(i));
    }
    int[] labels = {0, 8, 3, 3};
    SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
    Matrix work = Matrix.empty(F64);
    DoubleSupplier loss =
        () -> {
          work.copyFrom(logits);
          return ce.forward(work, labels);
        };
    work.copyFrom(logits);
    double l = ce.forward(work, labels);
    // Independent value: mean of logsumexp - logit[label], computed directly.
    double expected = 0;
    for (int row = 0; row < 4; row++) {
      double s = 0;
      for (int j = 0; j < 9; j++) {
        s += Math.exp(logits.get(row, j));
      }
      expected += Math.log(s) - logits.get(row, labels[row]);
    }
    assertEquals(expected / 4, l, 1e-12);
    Matrix grad = copy(ce.backward(2.5));
    Matrix scaled = Matrix.empty(F64);
    DoubleSupplier scaledLoss = () -> 2.5 * loss.getAsDouble();
    scaled.copyFrom(grad);
    double err =
        new GradientChecker(1000).probe("logits", logits, scaled).assertMatches(scaledLoss, FLOOR);
    System.out.println("softmax CE max rel err " + err);
  }

  @Test
  void sigmoidBceWithMaskAndExampleWeights() {
    RandomStream r = new RandomStream(12);
    int batch = 3;
    int seq = 4;
    AttentionMask mask = AttentionMask.fromLengths(seq, new int[] {4, 2, 3});
    Matrix logits = randomMatrix(r, batch * seq, 1);
    for (int i = 0; i < logits.size(); i++) {
      logits.set(i, 6 * logits.get(i));
    }
    int[] labels = {1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0};
    double[] weights = {0.5, 2.0, 1.25};
    SigmoidBinaryCrossEntropy bce = new SigmoidBinaryCrossEntropy(F64);
    DoubleSupplier loss = () -> bce.forward(logits, labels, mask, weights);
    double l = bce.forward(logits, labels, mask, weights);
    double[] perExample = bce.perExampleLoss();
    // Independent values from the textbook form -y log s - (1-y) log(1-s).
    double weighted = 0;
    for (int b = 0; b < batch; b++) {
      double sum = 0;
      for (int s = 0; s < mask.realTokens(b); s++) {
        int t = b * seq + s;
        double sig = 1 / (1 + Math.exp(-logits.get(t)));
        sum += labels[t] == 1 ? -Math.log(sig) : -Math.log(1 - sig);
      }
      assertEquals(sum / mask.realTokens(b), perExample[b], 1e-12, "example " + b);
      weighted += weights[b] * sum;
    }
    assertEquals(weighted / 9, l, 1e-12);
    Matrix grad = copy(bce.backward(1.0));
    for (int t : new int[] {6, 7, 11}) {
      assertEquals(0.0, grad.get(t), "padding token " + t);
    }
    double err = new GradientChecker(1000).probe("logits", logits, grad).assertMatches(loss, FLOOR);
    System.out.println("BCE max rel err " + err);
  }
}
