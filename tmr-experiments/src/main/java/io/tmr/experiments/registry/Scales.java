package io.tmr.experiments.registry;

import java.util.List;

/**
 * The standard scales of the built-in experiments.
 *
 * <ul>
 *   <li>{@code smoke}: a 32-wide one-layer model, 40 steps of 8 sequences of 32 tokens, 2 seeds,
 *       pretraining-only evaluation: the whole pipeline in seconds per trial (CI).
 *   <li>{@code laptop}: the {@code tiny} preset (hidden 128, 2 layers, corpus vocabulary) shortened
 *       to 300 steps of 32 sequences of 64 tokens, 3 seeds: a few minutes per trial on a 2-core
 *       CPU. Its downstream evaluation fine-tunes the GLUE tasks we hold (SST-2 capped at 4,000
 *       examples) and the SQuAD by-article split (2,000 questions, 256-token windows); {@code
 *       --pretraining-only} skips it.
 *   <li>{@code paper}: ELECTRA-Small as published (1M steps of 128 × 128 tokens), 5 seeds, GLUE and
 *       SQuAD with 10 fine-tuning seeds: for a GPU.
 * </ul>
 */
public final class Scales {
  private Scales() {}

  /** GLUE tasks whose data we hold (see docs/glue-squad.md). */
  public static final List<String> GLUE_TASKS = List.of("sst2", "mrpc", "stsb", "rte");

  /** The SQuAD split fine-tuning scores on: held-out articles of the training set. */
  public static final String SQUAD_SPLIT = "by-article";

  public static Scale smoke() {
    return new Scale(
        "smoke",
        "pipeline check: 32-wide 1-layer model, 40 steps x 8 x 32 tokens, 2 seeds, pretraining-only evaluation",
        List.of(
            "model.preset=tiny",
            "model.embeddingSize=32",
            "model.hidden=32",
            "model.layers=1",
            "model.heads=2",
            "data.seqLength=32",
            "train.batchSize=8",
            "train.steps=40",
            "train.warmupSteps=4",
            "log.every=5",
            "eval.every=10",
            "eval.batches=2",
            "checkpoint.every=5",
            "replay.capacity=64"),
        List.of(1L, 2L),
        Evaluation.pretrainingOnly());
  }

  public static Scale laptop() {
    return new Scale(
        "laptop",
        "tiny preset (hidden 128, 2 layers), 300 steps x 32 x 64 tokens, 3 seeds; GLUE + SQuAD fine-tuning, 3 seeds",
        List.of(
            "model.preset=tiny",
            "data.seqLength=64",
            "train.batchSize=32",
            "train.steps=300",
            "train.warmupSteps=30",
            "log.every=10",
            "eval.every=50",
            "eval.batches=8",
            "checkpoint.every=50",
            "replay.capacity=1024"),
        List.of(1L, 2L, 3L),
        new Evaluation(
            GLUE_TASKS,
            SQUAD_SPLIT,
            List.of(1L, 2L, 3L),
            // Fine-tuning sized for 2 cores: capped SST-2/SQuAD training sets, shorter SQuAD
            // windows (docs/finetuning.md).
            List.of("max-train-examples=sst2=4000,squad=2000", "squad-max-length=256")));
  }

  /**
   * Between laptop and paper: the {@code tiny} preset at ELECTRA's sequence length, 1,500 steps of
   * 32 x 128 tokens (48,000 fresh sequences, about 1.9 passes over the npm corpus; paper-main's TMR
   * arms run 3,000). Calibrated on a measured curve (docs/experiments.md): the ELECTRA baseline's
   * validation RTD loss still falls and its AUC still rises at 3,000 steps. 5 seeds; GLUE
   * fine-tuning (SST-2, MRPC, STS-B, RTE dev) with 2 seeds under the laptop scale's CPU caps.
   */
  public static Scale cpu() {
    return new Scale(
        "cpu",
        "tiny preset, 1,500 steps x 32 x 128 tokens (x2 for arms that say so), 5 seeds; GLUE fine-tuning, 2 seeds",
        List.of(
            "model.preset=tiny",
            "data.seqLength=128",
            "train.batchSize=32",
            "train.steps=1500",
            "log.every=50",
            "eval.every=250",
            "eval.batches=16",
            "checkpoint.every=500",
            "replay.capacity=4096"),
        List.of(1L, 2L, 3L, 4L, 5L),
        new Evaluation(
            GLUE_TASKS,
            "",
            List.of(1L, 2L),
            List.of("max-train-examples=sst2=4000,mrpc=2000,stsb=2000")));
  }

  public static Scale paper() {
    return new Scale(
        "paper",
        "ELECTRA-Small (1M steps x 128 x 128 tokens, bert-base-uncased), 5 seeds; GLUE + SQuAD, 10 fine-tuning seeds (GPU)",
        List.of(
            "model.preset=small",
            "data.seqLength=128",
            "eval.every=10000",
            "eval.batches=64",
            "checkpoint.every=10000",
            "log.every=100",
            "replay.capacity=4096"),
        List.of(1L, 2L, 3L, 4L, 5L),
        new Evaluation(
            GLUE_TASKS, SQUAD_SPLIT, List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), List.of()));
  }

  /** smoke, laptop, cpu, paper: the scales of paper-main. */
  public static List<Scale> standardWithCpu() {
    return List.of(smoke(), laptop(), cpu(), paper());
  }

  /** smoke, laptop, paper. */
  public static List<Scale> standard() {
    return List.of(smoke(), laptop(), paper());
  }

  /**
   * The standard scales with extra overrides appended to each (e.g. an ablation's fixed settings).
   */
  public static List<Scale> standardWith(List<String> extra) {
    return standard().stream()
        .map(
            s ->
                new Scale(
                    s.name(),
                    s.description(),
                    Overrides.concat(s.overrides(), extra),
                    s.seeds(),
                    s.evaluation()))
        .toList();
  }
}
