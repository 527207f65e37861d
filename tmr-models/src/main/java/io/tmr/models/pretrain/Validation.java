package io.tmr.models.pretrain;

import io.tmr.core.tensor.RandomStream;
import io.tmr.models.data.MaskedBatch;
import io.tmr.models.data.Masker;
import io.tmr.models.data.PackedExamples;
import io.tmr.models.electra.CorruptedBatch;
import io.tmr.models.electra.ElectraModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validation metrics on the first {@code eval.batches} batches of the validation examples, in file
 * order, with fixed masks and samples (streams seeded by the run's seed alone), without dropout:
 * comparable across steps and runs.
 */
public final class Validation {
  private static final Logger log = LoggerFactory.getLogger(Validation.class);
  private static final long PURPOSE_EVAL = 4;

  /**
   * The metrics of one evaluation, with the names metrics.csv ({@code val_*}) and manifests use.
   */
  public record Metrics(
      double mlmLoss,
      double mlmAcc,
      double sampledAcc,
      double discLoss,
      double discAcc,
      double discPrecision,
      double discRecall,
      double discAuc,
      double replacedFrac) {

    public Map<String, Double> asMap() {
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("mlm_loss", mlmLoss);
      m.put("mlm_acc", mlmAcc);
      m.put("sampled_acc", sampledAcc);
      m.put("disc_loss", discLoss);
      m.put("disc_acc", discAcc);
      m.put("disc_precision", discPrecision);
      m.put("disc_recall", discRecall);
      m.put("disc_auc", discAuc);
      m.put("replaced_frac", replacedFrac);
      return m;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      asMap()
          .forEach((k, v) -> sb.append(k).append('=').append(String.format("%.4f", v)).append(' '));
      return sb.toString().strip();
    }
  }

  private final ElectraModel model;
  private final PackedExamples examples;
  private final Masker masker;
  private final int padId;
  private final int batch;
  private final int seqLength;
  private final int maxPredictions;
  private final int batches;
  private final double temperature;
  private final long seed;

  public Validation(
      ElectraModel model,
      PackedExamples examples,
      Masker masker,
      int padId,
      int batch,
      int seqLength,
      int maxPredictions,
      int batches,
      double temperature,
      long seed) {
    this.model = model;
    this.examples = examples;
    this.masker = masker;
    this.padId = padId;
    this.batch = batch;
    this.seqLength = seqLength;
    this.maxPredictions = maxPredictions;
    this.batches = batches;
    this.temperature = temperature;
    this.seed = seed;
  }

  /** The metrics now, or {@code null} when the validation split holds less than one batch. */
  public Metrics evaluate() {
    int n = Math.min(batches, examples.size() / batch);
    if (n == 0) {
      log.warn(
          "validation split has {} examples, fewer than one batch of {}: no evaluation",
          examples.size(),
          batch);
      return null;
    }
    MaskedBatch masked = new MaskedBatch(batch, seqLength, maxPredictions);
    CorruptedBatch corrupted = new CorruptedBatch(batch, seqLength);
    double mlmLoss = 0;
    long preds = 0;
    long mlmCorrect = 0;
    long sampledCorrect = 0;
    double discLossSum = 0;
    ElectraModel.DiscriminatorStats total = new ElectraModel.DiscriminatorStats();
    List<double[]> probs = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    RandomStream maskRandom = new RandomStream(RandomStream.mix(seed ^ PURPOSE_EVAL));
    RandomStream sampleRandom = new RandomStream(RandomStream.mix(seed ^ (PURPOSE_EVAL << 8)));
    for (int start = 0; start < n * batch; start += batch) {
      for (int r = 0; r < batch; r++) {
        int ex = start + r;
        examples.copyTo(ex, r, masked.originalIds, masked.segmentIds, padId);
        masked.lengths[r] = examples.length(ex);
      }
      masker.mask(masked, maskRandom);
      ElectraModel.GeneratorStats g =
          model.generatorStep(
              masked, corrupted, sampleRandom, temperature, ElectraModel.Pass.inference());
      ElectraModel.DiscriminatorStats d =
          model.discriminatorStep(
              corrupted, batch, ElectraModel.Pass.inference().keepingProbabilities());
      mlmLoss += g.mlmLoss * g.predictions;
      preds += g.predictions;
      mlmCorrect += g.mlmCorrect;
      sampledCorrect += g.sampledCorrect;
      discLossSum += d.loss * d.tokens;
      total.tokens += d.tokens;
      total.correct += d.correct;
      total.truePositives += d.truePositives;
      total.predictedPositives += d.predictedPositives;
      total.actualPositives += d.actualPositives;
      probs.add(d.probabilities);
      labels.add(d.probabilityLabels);
    }
    int m = probs.stream().mapToInt(a -> a.length).sum();
    double[] allProbs = new double[m];
    int[] allLabels = new int[m];
    int k = 0;
    for (int i = 0; i < probs.size(); i++) {
      System.arraycopy(probs.get(i), 0, allProbs, k, probs.get(i).length);
      System.arraycopy(labels.get(i), 0, allLabels, k, labels.get(i).length);
      k += probs.get(i).length;
    }
    DiscMetrics disc = DiscMetrics.of(total, discLossSum / total.tokens, allProbs, allLabels);
    return new Metrics(
        mlmLoss / preds,
        mlmCorrect / (double) preds,
        sampledCorrect / (double) preds,
        disc.loss(),
        disc.acc(),
        disc.precision(),
        disc.recall(),
        disc.auc(),
        disc.replacedFrac());
  }

  /** Replaced-token-detection metrics of a discriminator pass (training step or validation). */
  record DiscMetrics(
      double loss, double acc, double precision, double recall, double auc, double replacedFrac) {
    static DiscMetrics of(
        ElectraModel.DiscriminatorStats d,
        double loss,
        double[] probabilities,
        int[] probabilityLabels) {
      return new DiscMetrics(
          loss,
          d.correct / (double) d.tokens,
          d.predictedPositives == 0 ? Double.NaN : d.truePositives / (double) d.predictedPositives,
          d.actualPositives == 0 ? Double.NaN : d.truePositives / (double) d.actualPositives,
          probabilities.length == 0
              ? Double.NaN
              : BinaryMetrics.auc(probabilities, probabilityLabels, probabilities.length),
          d.tokens == 0 ? Double.NaN : d.actualPositives / (double) d.tokens);
    }

    static DiscMetrics of(ElectraModel.DiscriminatorStats d) {
      return of(d, d.loss, d.probabilities, d.probabilityLabels);
    }
  }
}
