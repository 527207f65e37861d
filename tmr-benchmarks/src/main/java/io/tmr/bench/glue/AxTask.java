package io.tmr.bench.glue;

import io.tmr.bench.task.Split;
import io.tmr.bench.task.TextMetric;

/**
 * AX, the GLUE diagnostic: MNLI-style premise/hypothesis pairs, predicted with an MNLI model using
 * the MNLI labels. There is no training data. {@link Split#TEST} is the unlabeled {@code
 * diagnostic.tsv} the leaderboard scores; {@link Split#DEV} reads the labeled release {@code
 * diagnostic-full.tsv} (linguistic category columns, then Premise, Hypothesis, Label), scored by
 * the multiclass Matthews correlation the leaderboard reports as R3. Not part of the GLUE average.
 */
public final class AxTask extends TsvTask {

  public AxTask() {
    super(
        TsvTaskSpec.classification("AX", MnliLayouts.LABELS)
            .metrics(TextMetric.MCC)
            .directory("diagnostic")
            .split(
                Split.DEV,
                "diagnostic-full.tsv",
                TsvLayout.header(
                        "Lexical Semantics",
                        "Predicate-Argument Structure",
                        "Logic",
                        "Knowledge",
                        "Domain",
                        "Premise",
                        "Hypothesis",
                        "Label")
                    .pair("Premise", "Hypothesis")
                    .label("Label"))
            .split(Split.TEST, "diagnostic.tsv", GlueLayouts.INDEX_PAIR)
            .build());
  }
}
