package io.tmr.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tmr.core.nn.SmallElectraGradientTest.Batch;
import io.tmr.core.nn.SmallElectraGradientTest.TinyElectra;
import io.tmr.core.tensor.RandomStream;
import java.util.Map;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An independent computation of the tiny ELECTRA loss: naive double loops over plain arrays,
 * reading weights only by their HF names, written from the BERT/ELECTRA definitions without the
 * layer code. Agreement of the loss (inference mode, no dropout) plus the finite-difference checks
 * ties the analytic gradients to this independent forward.
 */
class ReferenceElectraTest {
  private Map<String, INDArray> w;

  private double[][] weight(String name) {
    INDArray a = w.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return a.toDoubleMatrix();
  }

  private double[] vector(String name) {
    INDArray a = w.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter " + name);
    }
    return a.toDoubleVector();
  }

  /** x W^T + b with W [out, in] (PyTorch layout). */
  private double[][] linear(double[][] x, String prefix) {
    double[][] wt = weight(prefix + ".weight");
    double[] b = vector(prefix + ".bias");
    double[][] y = new double[x.length][wt.length];
    for (int t = 0; t < x.length; t++) {
      for (int o = 0; o < wt.length; o++) {
        double s = b[o];
        for (int i = 0; i < x[t].length; i++) {
          s += x[t][i] * wt[o][i];
        }
        y[t][o] = s;
      }
    }
    return y;
  }

  private double[][] layerNorm(double[][] x, String prefix) {
    double[] g = vector(prefix + ".weight");
    double[] b = vector(prefix + ".bias");
    double[][] y = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      int h = x[t].length;
      double mean = 0;
      for (double v : x[t]) {
        mean += v / h;
      }
      double var = 0;
      for (double v : x[t]) {
        var += (v - mean) * (v - mean) / h;
      }
      y[t] = new double[h];
      for (int j = 0; j < h; j++) {
        y[t][j] = (x[t][j] - mean) / Math.sqrt(var + 1e-12) * g[j] + b[j];
      }
    }
    return y;
  }

  private static double[][] gelu(double[][] x) {
    double[][] y = new double[x.length][];
    for (int t = 0; t < x.length; t++) {
      y[t] = new double[x[t].length];
      for (int j = 0; j < x[t].length; j++) {
        double v = x[t][j];
        y[t][j] = v * 0.5 * (1 + Erf.erf(v / Math.sqrt(2)));
      }
    }
    return y;
  }

  private static double[][] add(double[][] a, double[][] b) {
    double[][] y = new double[a.length][];
    for (int t = 0; t < a.length; t++) {
      y[t] = new double[a[t].length];
      for (int j = 0; j < a[t].length; j++) {
        y[t][j] = a[t][j] + b[t][j];
      }
    }
    return y;
  }

  private double[][] encoder(
      String prefix, int[] ids, int[] segments, AttentionMask mask, int layers, int heads) {
    int tokens = ids.length;
    int seq = mask.seqLen();
    double[][] word = weight("electra.embeddings.word_embeddings.weight");
    double[][] pos = weight("electra.embeddings.position_embeddings.weight");
    double[][] type = weight("electra.embeddings.token_type_embeddings.weight");
    double[][] x = new double[tokens][];
    for (int t = 0; t < tokens; t++) {
      x[t] = new double[word[0].length];
      for (int j = 0; j < x[t].length; j++) {
        x[t][j] = word[ids[t]][j] + pos[t % seq][j] + type[segments[t]][j];
      }
    }
    x = layerNorm(x, "electra.embeddings.LayerNorm");
    x = linear(x, prefix + ".embeddings_project");
    for (int l = 0; l < layers; l++) {
      String p = prefix + ".encoder.layer." + l;
      double[][] q = linear(x, p + ".attention.self.query");
      double[][] k = linear(x, p + ".attention.self.key");
      double[][] v = linear(x, p + ".attention.self.value");
      int hidden = q[0].length;
      int d = hidden / heads;
      double[][] ctx = new double[tokens][hidden];
      for (int b = 0; b < mask.batchSize(); b++) {
        for (int h = 0; h < heads; h++) {
          for (int i = 0; i < seq; i++) {
            double[] score = new double[seq];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < seq; j++) {
              double s = 0;
              for (int c = 0; c < d; c++) {
                s += q[b * seq + i][h * d + c] * k[b * seq + j][h * d + c];
              }
              // BERT's additive mask: -10000 on padding keys.
              score[j] = s / Math.sqrt(d) + (mask.isReal(b, j) ? 0 : -10000.0);
              max = Math.max(max, score[j]);
            }
            double sum = 0;
            for (int j = 0; j < seq; j++) {
              score[j] = Math.exp(score[j] - max);
              sum += score[j];
            }
            for (int j = 0; j < seq; j++) {
              for (int c = 0; c < d; c++) {
                ctx[b * seq + i][h * d + c] += score[j] / sum * v[b * seq + j][h * d + c];
              }
            }
          }
        }
      }
      double[][] h1 =
          layerNorm(
              add(linear(ctx, p + ".attention.output.dense"), x),
              p + ".attention.output.LayerNorm");
      double[][] f = linear(gelu(linear(h1, p + ".intermediate.dense")), p + ".output.dense");
      x = layerNorm(add(f, h1), p + ".output.LayerNorm");
    }
    return x;
  }

  private double referenceLoss(TinyElectra model, Batch batch) {
    w = Parameters.stateDict(model.parameters);
    double[][] gen = encoder("generator", batch.maskedIds(), batch.segments(), batch.mask(), 2, 1);
    double[][] selected = new double[batch.positions().length][];
    for (int i = 0; i < selected.length; i++) {
      selected[i] = gen[batch.positions()[i]];
    }
    double[][] h =
        layerNorm(
            gelu(linear(selected, "generator_predictions.dense")),
            "generator_predictions.LayerNorm");
    double[][] emb = weight("electra.embeddings.word_embeddings.weight");
    double[] bias = vector("generator_lm_head.bias");
    double mlm = 0;
    for (int i = 0; i < h.length; i++) {
      double[] logits = new double[emb.length];
      double max = Double.NEGATIVE_INFINITY;
      for (int vocab = 0; vocab < emb.length; vocab++) {
        double s = bias[vocab];
        for (int j = 0; j < h[i].length; j++) {
          s += h[i][j] * emb[vocab][j];
        }
        logits[vocab] = s;
        max = Math.max(max, s);
      }
      double sum = 0;
      for (double z : logits) {
        sum += Math.exp(z - max);
      }
      mlm += (Math.log(sum) + max - logits[batch.mlmLabels()[i]]) / h.length;
    }
    double[][] disc =
        encoder("electra", batch.corruptedIds(), batch.segments(), batch.mask(), 2, 2);
    double[][] z =
        linear(
            gelu(linear(disc, "discriminator_predictions.dense")),
            "discriminator_predictions.dense_prediction");
    AttentionMask mask = batch.mask();
    double bce = 0;
    for (int t = 0; t < z.length; t++) {
      if (mask.isReal(t)) {
        double p = 1 / (1 + Math.exp(-z[t][0]));
        int y = batch.rtdLabels()[t];
        bce -= batch.weights()[t / mask.seqLen()] * (y == 1 ? Math.log(p) : Math.log(1 - p));
      }
    }
    bce /= mask.realTokens();
    return mlm + 50 * bce;
  }

  @Test
  void tinyElectraLossMatchesNaiveReference() {
    TinyElectra model = new TinyElectra(21);
    Batch batch = Batch.example();
    double reference = referenceLoss(model, batch);
    double ours = model.step(batch, Context.inference(), false);
    assertEquals(reference, ours, 1e-10 * Math.abs(reference), "loss");
    // Training mode must differ (dropout active) and inference must be deterministic.
    assertEquals(ours, model.step(batch, Context.inference(), false));
    double training = model.step(batch, Context.training(new RandomStream(1)), false);
    assertEquals(true, Math.abs(training - ours) > 1e-6, "dropout changes the training-mode loss");
  }
}
