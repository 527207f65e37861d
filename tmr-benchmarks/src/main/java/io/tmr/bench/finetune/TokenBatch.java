package io.tmr.bench.finetune;

import static com.google.common.base.Preconditions.checkArgument;

import io.tmr.core.nn.AttentionMask;
import java.util.Arrays;
import java.util.List;

/**
 * Token sequences of different lengths padded to the longest of the batch (not to the maximum
 * length: SST-2 sequences average 15.5 of 128 tokens, and attention masks padding keys out, so the
 * result is the same at a fraction of the work), flattened batch-major as the encoder takes them.
 *
 * @param tokenIds {@code [B*S]} ids, padding = the vocabulary's [PAD]
 * @param segmentIds {@code [B*S]} segment ids, 0 at padding
 * @param mask which positions are real
 */
public record TokenBatch(int[] tokenIds, int[] segmentIds, AttentionMask mask) {

  /** Pads {@code ids.get(b)} / {@code segments.get(b)} (same lengths) with {@code padId}. */
  public static TokenBatch pad(List<int[]> ids, List<int[]> segments, int padId) {
    checkArgument(
        !ids.isEmpty() && ids.size() == segments.size(),
        "%s id rows, %s segment rows",
        ids.size(),
        segments.size());
    int batch = ids.size();
    int seq = 0;
    int[] lengths = new int[batch];
    for (int b = 0; b < batch; b++) {
      checkArgument(
          ids.get(b).length == segments.get(b).length && ids.get(b).length > 0,
          "row %s: bad lengths",
          b);
      lengths[b] = ids.get(b).length;
      seq = Math.max(seq, lengths[b]);
    }
    int[] tokenIds = new int[batch * seq];
    int[] segmentIds = new int[batch * seq];
    Arrays.fill(tokenIds, padId);
    for (int b = 0; b < batch; b++) {
      System.arraycopy(ids.get(b), 0, tokenIds, b * seq, lengths[b]);
      System.arraycopy(segments.get(b), 0, segmentIds, b * seq, lengths[b]);
    }
    return new TokenBatch(tokenIds, segmentIds, AttentionMask.fromLengths(seq, lengths));
  }

  public int batchSize() {
    return mask.batchSize();
  }

  public int seqLen() {
    return mask.seqLen();
  }
}
