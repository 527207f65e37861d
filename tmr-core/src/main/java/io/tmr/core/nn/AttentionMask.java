package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Geometry of a batch of padded sequences: {@code batchSize} sequences of {@code seqLen} tokens,
 * flattened batch-major (token row {@code b * seqLen + s}), and which tokens are real (1) or
 * padding (0), as HF's {@code attention_mask}. Padding keys get zero attention probability; padding
 * tokens are excluded from token-averaged losses.
 */
public final class AttentionMask {
  private final int batchSize;
  private final int seqLen;
  private final boolean[] real;
  private final int[] realPerExample;
  private final int realTotal;

  private AttentionMask(int batchSize, int seqLen, boolean[] real) {
    checkArgument(batchSize > 0 && seqLen > 0, "empty batch %s x %s", batchSize, seqLen);
    checkArgument(
        real.length == batchSize * seqLen, "mask length %s != %s", real.length, batchSize * seqLen);
    this.batchSize = batchSize;
    this.seqLen = seqLen;
    this.real = real;
    this.realPerExample = new int[batchSize];
    int total = 0;
    for (int b = 0; b < batchSize; b++) {
      int n = 0;
      for (int s = 0; s < seqLen; s++) {
        if (real[b * seqLen + s]) {
          n++;
        }
      }
      realPerExample[b] = n;
      total += n;
    }
    this.realTotal = total;
  }

  /** From a 0/1 mask of length batchSize * seqLen (any non-zero value counts as real). */
  public static AttentionMask of(int batchSize, int seqLen, int[] mask) {
    boolean[] real = new boolean[mask.length];
    for (int i = 0; i < mask.length; i++) {
      real[i] = mask[i] != 0;
    }
    return new AttentionMask(batchSize, seqLen, real);
  }

  /** All tokens real. */
  public static AttentionMask full(int batchSize, int seqLen) {
    boolean[] real = new boolean[batchSize * seqLen];
    java.util.Arrays.fill(real, true);
    return new AttentionMask(batchSize, seqLen, real);
  }

  /** The first {@code lengths[b]} tokens of sequence b are real, the rest padding. */
  public static AttentionMask fromLengths(int seqLen, int[] lengths) {
    boolean[] real = new boolean[lengths.length * seqLen];
    for (int b = 0; b < lengths.length; b++) {
      checkArgument(
          lengths[b] >= 0 && lengths[b] <= seqLen, "length %s outside [0, %s]", lengths[b], seqLen);
      for (int s = 0; s < lengths[b]; s++) {
        real[b * seqLen + s] = true;
      }
    }
    return new AttentionMask(lengths.length, seqLen, real);
  }

  public int batchSize() {
    return batchSize;
  }

  public int seqLen() {
    return seqLen;
  }

  /** batchSize * seqLen: the row count of every activation matrix. */
  public int tokens() {
    return batchSize * seqLen;
  }

  public boolean isReal(int token) {
    return real[token];
  }

  public boolean isReal(int example, int position) {
    return real[example * seqLen + position];
  }

  public int realTokens() {
    return realTotal;
  }

  public int realTokens(int example) {
    return realPerExample[example];
  }
}
