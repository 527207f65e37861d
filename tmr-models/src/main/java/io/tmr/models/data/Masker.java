package io.tmr.models.data;

import io.tmr.core.tensor.RandomStream;
import java.util.Arrays;

/**
 * ELECTRA's masking ({@code pretrain_helpers.mask}): per sequence, {@code n = max(1, min(P,
 * round(maskProb × realTokens)))} positions are drawn uniformly without replacement among the
 * non-special tokens ({@code [CLS]}, {@code [SEP]} and padding are never selected); each selected
 * position becomes {@code [MASK]} with probability {@code maskTokenProb} and keeps its token
 * otherwise. Positions are stored in increasing order.
 */
public final class Masker {
  private final MaskingConfig config;
  private final int maskId;
  private final int clsId;
  private final int sepId;
  private final int padId;
  private int[] candidates = new int[0];

  public Masker(MaskingConfig config, int maskId, int clsId, int sepId, int padId) {
    this.config = config;
    this.maskId = maskId;
    this.clsId = clsId;
    this.sepId = sepId;
    this.padId = padId;
  }

  /** Fills the masked ids, positions, labels and weights of {@code b} from its original ids. */
  public void mask(MaskedBatch b, RandomStream random) {
    int L = b.seqLength;
    int P = b.maxPredictions;
    if (candidates.length < L) {
      candidates = new int[L];
    }
    System.arraycopy(b.originalIds, 0, b.maskedIds, 0, b.batch * L);
    Arrays.fill(b.positions, 0);
    Arrays.fill(b.labels, 0);
    Arrays.fill(b.weights, 0f);
    for (int r = 0; r < b.batch; r++) {
      int base = r * L;
      int nc = 0;
      for (int t = 0; t < b.lengths[r]; t++) {
        int id = b.originalIds[base + t];
        if (id != clsId && id != sepId && id != padId) {
          candidates[nc++] = t;
        }
      }
      int n =
          Math.min(
              nc,
              Math.max(
                  1,
                  Math.min(
                      Math.min(P, config.maxPredictions()),
                      (int) Math.round(config.maskProb() * b.lengths[r]))));
      // Partial Fisher-Yates: the first n candidates become a uniform sample without replacement.
      for (int i = 0; i < n; i++) {
        int j = i + random.nextInt(nc - i);
        int tmp = candidates[i];
        candidates[i] = candidates[j];
        candidates[j] = tmp;
      }
      Arrays.sort(candidates, 0, n);
      for (int i = 0; i < n; i++) {
        int t = candidates[i];
        b.positions[r * P + i] = t;
        b.labels[r * P + i] = b.originalIds[base + t];
        b.weights[r * P + i] = 1f;
        if (random.nextDouble() < config.maskTokenProb()) {
          b.maskedIds[base + t] = maskId;
        }
      }
      b.predictions[r] = n;
    }
  }
}
