package io.tmr.models.pretrain;

import io.tmr.config.plugin.PluginInfo;
import io.tmr.models.electra.CorruptedBatch;
import io.tmr.models.electra.ElectraModel;
import io.tmr.models.electra.PerExampleGradients;
import java.io.IOException;
import java.util.List;

/**
 * Decides what the discriminator trains on at each step. ELECTRA ({@link #electra()}) trains on the
 * generator's fresh output every step; the TMR trainer's feed writes generator output into a replay
 * buffer and composes each discriminator batch from fresh and replayed examples.
 */
public interface DiscriminatorFeed {
  /**
   * Rows the generator makes (and consumes from the corpus) each time it runs, for discriminator
   * batches of {@code batch}.
   */
  default int generatorRows(int batch) {
    return batch;
  }

  /** Whether the generator runs (and consumes fresh data) at {@code step}. */
  boolean generatorRuns(long step);

  /** The first step after {@code step} at which the generator runs. */
  default long nextGeneratorStep(long step) {
    long next = step + 1;
    while (!generatorRuns(next)) {
      next++;
    }
    return next;
  }

  /**
   * The discriminator batch of this step. {@code fresh} holds the generator's output of this step
   * ({@code null} when it did not run).
   */
  Composition compose(long step, CorruptedBatch fresh);

  /**
   * Per-example results of the discriminator step on {@code composition} (priority updates); {@code
   * gradients} answers for that step (clean losses, gradient norms).
   */
  void feedback(
      long step,
      Composition composition,
      ElectraModel.DiscriminatorStats stats,
      PerExampleGradients gradients);

  /** Extra metrics.csv columns and their current values (same order). */
  default List<String> metricColumns() {
    return List.of();
  }

  default double[] metricValues() {
    return new double[0];
  }

  /**
   * -1: the generator runs on the training thread. 0 or 1: it runs on its own thread against a
   * parameter snapshot, launched after the previous update (0, bit-identical to synchronous) or one
   * generator step ahead, overlapping the discriminator step (1). See {@link AsyncGenerator}.
   */
  default int asyncGeneratorLag() {
    return -1;
  }

  /**
   * The plugins this feed runs (replay strategy, eviction policy, priority rule), with the jars
   * they came from: the run manifest and every checkpoint record them.
   */
  default List<PluginInfo> plugins() {
    return List.of();
  }

  /** State for checkpoints (empty when stateless). */
  default byte[] snapshot() throws IOException {
    return new byte[0];
  }

  default void restore(byte[] state) throws IOException {}

  /**
   * One discriminator batch: its first {@code rows} rows, per-example loss weights ({@code null} =
   * 1), and how many rows are fresh.
   */
  record Composition(CorruptedBatch batch, int rows, double[] weights, int freshRows) {}

  /** Plain ELECTRA: the generator's batch, unweighted, every step. */
  static DiscriminatorFeed electra() {
    return new DiscriminatorFeed() {
      @Override
      public boolean generatorRuns(long step) {
        return true;
      }

      @Override
      public Composition compose(long step, CorruptedBatch fresh) {
        return new Composition(fresh, fresh.batch, null, fresh.batch);
      }

      @Override
      public void feedback(
          long step,
          Composition composition,
          ElectraModel.DiscriminatorStats stats,
          PerExampleGradients gradients) {}
    };
  }
}
