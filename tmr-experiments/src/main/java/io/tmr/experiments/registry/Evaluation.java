package io.tmr.experiments.registry;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * What happens after pretraining. Always: the validation replaced-token-detection metrics the
 * pretraining run records. Optionally: fine-tuning on GLUE tasks and a SQuAD split with {@code tmr
 * finetune}, over the given fine-tuning seeds, with extra fine-tuning overrides.
 *
 * @param glueTasks GLUE task names as {@code tmr finetune} knows them (empty: none)
 * @param squadSplit the SQuAD split to fine-tune and score on: {@code by-article} (the held v1.1
 *     dev file split by article), a SQuAD file to split, or {@code ""} for no SQuAD
 * @param finetuneSeeds fine-tuning seeds per pretrained model (each task's value is their median)
 * @param finetuneOverrides {@code name=value} options of {@code tmr finetune}, passed as {@code
 *     --name value}
 * @param arms the arms that fine-tune (empty: every arm); the others are evaluated on their
 *     pretraining metrics only. A sweep may grow this list (fine-tune more arms later), never
 *     shrink it.
 */
public record Evaluation(
    List<String> glueTasks,
    String squadSplit,
    List<Long> finetuneSeeds,
    List<String> finetuneOverrides,
    List<String> arms) {
  public Evaluation {
    glueTasks = List.copyOf(glueTasks);
    arms = arms == null ? List.of() : List.copyOf(arms);
    squadSplit = squadSplit == null ? "" : squadSplit;
    finetuneSeeds = List.copyOf(finetuneSeeds);
    finetuneOverrides = List.copyOf(finetuneOverrides);
    Preconditions.checkArgument(
        !(glueTasks.isEmpty() && squadSplit.isEmpty())
            || finetuneSeeds.isEmpty() && finetuneOverrides.isEmpty(),
        "fine-tuning seeds or options are set but no GLUE task or SQuAD split is");
    Preconditions.checkArgument(
        glueTasks.isEmpty() && squadSplit.isEmpty() || !finetuneSeeds.isEmpty(),
        "downstream evaluation needs at least one fine-tuning seed");
    finetuneOverrides.forEach(Overrides::key);
  }

  /** An evaluation for every arm. */
  public Evaluation(
      List<String> glueTasks,
      String squadSplit,
      List<Long> finetuneSeeds,
      List<String> finetuneOverrides) {
    this(glueTasks, squadSplit, finetuneSeeds, finetuneOverrides, List.of());
  }

  /** The same fine-tuning for {@code arms} only (empty: every arm). */
  public Evaluation withArms(List<String> arms) {
    return new Evaluation(glueTasks, squadSplit, finetuneSeeds, finetuneOverrides, arms);
  }

  /**
   * What a trial of {@code arm} runs after pretraining: this fine-tuning when the arm is listed,
   * else none.
   */
  public Evaluation forArm(String arm) {
    return arms.isEmpty() || arms.contains(arm) ? withArms(List.of()) : pretrainingOnly();
  }

  /**
   * Whether {@code next} only adds arms to this evaluation's fine-tuned arms (a sweep may grow that
   * way).
   */
  public boolean grownInto(Evaluation next) {
    return !arms.isEmpty()
        && withArms(next.arms).equals(next)
        && (next.arms.isEmpty() || next.arms.containsAll(arms));
  }

  /** Only the pretraining run's own validation metrics. */
  public static Evaluation pretrainingOnly() {
    return new Evaluation(List.of(), "", List.of(), List.of());
  }

  /** Whether a fine-tuning step follows pretraining. */
  public boolean finetunes() {
    return !glueTasks.isEmpty() || !squadSplit.isEmpty();
  }

  /**
   * The downstream task columns of the table: GLUE tasks, then {@code squad} when a split is set.
   */
  public List<String> taskColumns() {
    List<String> out = new java.util.ArrayList<>(glueTasks);
    if (!squadSplit.isEmpty()) {
      out.add("squad");
    }
    return out;
  }

  public String describe() {
    if (!finetunes()) {
      return "pretraining only (validation RTD loss/AUC, MLM accuracy)";
    }
    return "fine-tune "
        + String.join(", ", taskColumns())
        + (squadSplit.isEmpty() ? "" : " (SQuAD split " + squadSplit + ")")
        + " over fine-tuning seeds "
        + finetuneSeeds
        + (finetuneOverrides.isEmpty() ? "" : " with " + finetuneOverrides)
        + (arms.isEmpty() ? "" : " for arms " + arms);
  }
}
