package io.tmr.core.nn;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.tensor.RandomStream;

/**
 * Whether a forward pass trains (dropout active) and, if so, the model-owned random stream that
 * seeds every dropout mask. Each dropout site draws one 64-bit seed per forward pass in a fixed
 * order, so the same stream state gives the same masks (and a checkpointed stream state resumes
 * them exactly).
 */
public final class Context {
  private static final Context INFERENCE = new Context(false, null);

  private final boolean training;
  private final RandomStream dropoutRandom;

  private Context(boolean training, RandomStream dropoutRandom) {
    this.training = training;
    this.dropoutRandom = dropoutRandom;
  }

  /** Training mode: dropout active, seeds drawn from {@code dropoutRandom}. */
  public static Context training(RandomStream dropoutRandom) {
    return new Context(true, checkNotNull(dropoutRandom, "dropoutRandom"));
  }

  /** Evaluation mode: dropout is the identity. */
  public static Context inference() {
    return INFERENCE;
  }

  public boolean isTraining() {
    return training;
  }

  /** The next dropout seed; only valid in training mode. */
  public long nextDropoutSeed() {
    checkState(training, "dropout seeds are drawn only in training mode");
    return dropoutRandom.nextLong();
  }
}
