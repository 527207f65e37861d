package io.tmr.models.data;

import com.google.common.base.Preconditions;

/**
 * ELECTRA's example construction settings ({@code build_pretraining_dataset.py}).
 *
 * @param seqLength target length L in tokens, {@code [CLS]}/{@code [SEP]} included [128]
 * @param shortSeqProb chance that the next example's target length is drawn uniformly from [5, L]
 *     [0.05]
 * @param singleSegmentProb chance that an example has only segment A [0.1]
 */
public record ExampleBuilderConfig(int seqLength, double shortSeqProb, double singleSegmentProb) {
  public ExampleBuilderConfig {
    Preconditions.checkArgument(
        seqLength >= 8 && seqLength <= 4096, "seqLength %s outside [8, 4096]", seqLength);
    Preconditions.checkArgument(
        shortSeqProb >= 0 && shortSeqProb <= 1, "shortSeqProb %s outside [0, 1]", shortSeqProb);
    Preconditions.checkArgument(
        singleSegmentProb >= 0 && singleSegmentProb <= 1,
        "singleSegmentProb %s outside [0, 1]",
        singleSegmentProb);
  }

  public static ExampleBuilderConfig electra(int seqLength) {
    return new ExampleBuilderConfig(seqLength, 0.05, 0.1);
  }
}
