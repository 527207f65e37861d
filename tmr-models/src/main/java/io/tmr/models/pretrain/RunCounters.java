package io.tmr.models.pretrain;

/**
 * What a run has consumed and trained on so far: the step, fresh corpus sequences (generator
 * input), discriminator sequences (fresh + replayed) and discriminator tokens. Part of every
 * checkpoint.
 */
public final class RunCounters {
  long step;
  long freshSequences;
  long discSequences;
  long tokens;

  void add(TrainStep.Result r) {
    step = r.step();
    freshSequences += r.generatorRows();
    discSequences += r.composition().rows();
    tokens += r.discTokens();
  }

  public long step() {
    return step;
  }

  public long freshSequences() {
    return freshSequences;
  }

  public long discSequences() {
    return discSequences;
  }

  public long tokens() {
    return tokens;
  }
}
