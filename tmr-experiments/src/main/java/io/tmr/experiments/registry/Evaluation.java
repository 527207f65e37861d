package io.tmr.experiments.registry;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * What happens after pretraining. Always: the validation replaced-token-detection metrics the
 * pretraining run records. Optionally: fine-tuning on GLUE tasks and a SQuAD split with
 * {@code tmr finetune}, over the given fine-tuning seeds, with extra fine-tuning overrides.
 *
 * @param glueTasks GLUE task names as {@code tmr finetune} knows them (empty: none)
 * @param squadSplit the SQuAD split to fine-tune and score on: {@code by-article} (the held v1.1 dev file split by
 *     article), a SQuAD file to split, or {@code ""} for no SQuAD
 * @param finetuneSeeds fine-tuning seeds per pretrained model (each task's value is their median)
 * @param finetuneOverrides {@code name=value} options of {@code tmr finetune}, passed as {@code --name value}
 */
public record Evaluation(List<String> glueTasks, String squadSplit, List<Long> finetuneSeeds, List<String> finetuneOverrides) {
  public Evaluation {
    glueTasks = List.copyOf(glueTasks);
    squadSplit = squadSplit == null ? "" : squadSplit;
    finetuneSeeds = List.copyOf(finetuneSeeds);
    finetuneOverrides = List.copyOf(finetuneOverrides);
    Preconditions.checkArgument(!(glueTasks.isEmpty() && squadSplit.isEmpty()) || finetuneSeeds.isEmpty() && finetuneOverrides.isEmpty(),
        "fine-tuning seeds or options are set but no GLUE task or SQuAD split is");
    Preconditions.checkArgument(glueTasks.isEmpty() && squadSplit.isEmpty() || !finetuneSeeds.isEmpty(),
        "downstream evaluation needs at least one fine-tuning seed");
    finetuneOverrides.forEach(Overrides::key);
  }

  /** Only the pretraining run's own validation metrics. */
  public static Evaluation pretrainingOnly() {
    return new Evaluation(List.of(), "", List.of(), List.of());
  }

  /** Whether a fine-tuning step follows pretraining. */
  public boolean finetunes() {
    return !glueTasks.isEmpty() || !squadSplit.isEmpty();
  }

  /** The downstream task columns of the table: GLUE tasks, then {@code squad} when a split is set. */
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
    return "fine-tune " + String.join(", ", taskColumns()) + (squadSplit.isEmpty() ? "" : " (SQuAD split " + squadSplit + ")")
        + " over fine-tuning seeds " + finetuneSeeds + (finetuneOverrides.isEmpty() ? "" : " with " + finetuneOverrides);
  }
}
