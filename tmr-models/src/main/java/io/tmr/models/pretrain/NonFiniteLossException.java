package io.tmr.models.pretrain;

import java.nio.file.Path;

/**
 * Thrown when the loss becomes NaN or infinite: the step stopped before any update, and no
 * checkpoint is written.
 */
public final class NonFiniteLossException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final double loss;

  NonFiniteLossException(long step, double loss) {
    this(
        step,
        loss,
        "loss became " + loss + " at step " + step + "; the step stopped before updating anything");
  }

  private NonFiniteLossException(long step, double loss, String message) {
    super(message);
    this.step = step;
    this.loss = loss;
  }

  /** The same failure, naming the checkpoint to resume from. */
  NonFiniteLossException withLastCheckpoint(Path lastCheckpoint) {
    return new NonFiniteLossException(
        step,
        loss,
        "loss became "
            + loss
            + " at step "
            + step
            + "; the run stopped without saving this step. Last good checkpoint: "
            + (lastCheckpoint == null ? "none" : lastCheckpoint)
            + " (lower train.learningRate or check the data, then resume)");
  }

  public long step() {
    return step;
  }

  public double loss() {
    return loss;
  }
}
