package io.tmr.models.pretrain;

import static com.google.common.base.Preconditions.checkState;

import io.tmr.core.nn.Context;
import io.tmr.core.nn.Parameter;
import io.tmr.core.nn.Parameters;
import io.tmr.core.tensor.RandomStream;
import io.tmr.models.data.MaskedBatch;
import io.tmr.models.electra.CorruptedBatch;
import io.tmr.models.electra.ElectraModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/**
 * Runs generator steps on their own thread (option {@code replay.async}).
 *
 * <p>Consistency with the shared embeddings: the generator never reads the parameters the
 * discriminator and the optimizer are writing. {@link #launch} copies the generator's parameters
 * (the shared token/position/segment embeddings and embedding LayerNorm, and the generator's own)
 * from the master model into a replica and starts the step on the replica; {@link #join} copies the
 * replica's gradients for those parameters into the master's freshly zeroed gradients, where the
 * discriminator's backward then accumulates on top — the order the synchronous trainer sums in, so
 * with lag 0 (launch after the previous optimizer update, join at once) the run is bit-identical to
 * the synchronous one. With lag 1 the next generator step is launched as soon as this one is
 * joined, on the parameters before this step's update, and overlaps with the discriminator step.
 */
public final class AsyncGenerator implements AutoCloseable {
  private final ElectraModel replica;
  private final List<Parameter> masterParams = new ArrayList<>();
  private final List<Parameter> replicaParams = new ArrayList<>();
  private final CorruptedBatch[] outputs;
  private final ExecutorService thread;
  private int nextOutput;
  private Future<ElectraModel.GeneratorStats> pending;
  private long pendingStep = -1;
  private CorruptedBatch pendingOutput;

  /** What a joined generator step produced. */
  public record Result(ElectraModel.GeneratorStats stats, CorruptedBatch batch) {}

  /**
   * @param master the model the optimizer updates; the replica is a second model of its
   *     configuration (its own initial values are never used: the generator side is overwritten
   *     before every step)
   */
  public AsyncGenerator(ElectraModel master, int batch, int seqLength) {
    this.replica = new ElectraModel(master.config(), master.dataType(), 0);
    Set<String> generatorSide = new HashSet<>();
    Parameters.of(master.discriminator().embeddings()).forEach(p -> generatorSide.add(p.name()));
    master.generatorOnlyParameters().forEach(p -> generatorSide.add(p.name()));
    List<Parameter> all = master.parameters();
    List<Parameter> replicaAll = replica.parameters();
    checkState(
        all.size() == replicaAll.size(),
        "replica has %s parameters, master %s",
        replicaAll.size(),
        all.size());
    for (int i = 0; i < all.size(); i++) {
      checkState(
          all.get(i).name().equals(replicaAll.get(i).name()),
          "parameter %s: replica has %s",
          all.get(i).name(),
          replicaAll.get(i).name());
      if (generatorSide.contains(all.get(i).name())) {
        masterParams.add(all.get(i));
        replicaParams.add(replicaAll.get(i));
      }
    }
    // Two output buffers: the generator writes one while the discriminator may still read the
    // other.
    this.outputs =
        new CorruptedBatch[] {
          new CorruptedBatch(batch, seqLength), new CorruptedBatch(batch, seqLength)
        };
    this.thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "tmr-generator");
              t.setDaemon(true);
              return t;
            });
  }

  /** Whether the generator step for {@code step} has been launched and not joined. */
  public boolean hasPending(long step) {
    return pending != null && pendingStep == step;
  }

  public boolean hasPending() {
    return pending != null;
  }

  /**
   * Snapshots the generator's parameters and starts the generator step for {@code step} on the
   * generator thread. {@code masked}, {@code sampling} and {@code ctx} belong to that thread until
   * {@link #join}.
   */
  public void launch(
      long step, MaskedBatch masked, RandomStream sampling, double temperature, Context ctx) {
    checkState(pending == null, "generator step %s still in flight", pendingStep);
    for (int i = 0; i < masterParams.size(); i++) {
      replicaParams.get(i).value().assign(masterParams.get(i).value());
    }
    CorruptedBatch out = outputs[nextOutput];
    nextOutput ^= 1;
    pendingOutput = out;
    pendingStep = step;
    pending =
        thread.submit(
            () -> {
              Parameters.zeroGrads(replicaParams);
              return replica.generatorStep(
                  masked, out, sampling, temperature, ElectraModel.Pass.backward(ctx));
            });
  }

  /**
   * Waits for the generator step of {@code step} and sets the master's generator-side gradients to
   * the replica's (the master's gradients must have been zeroed for this step).
   */
  public Result join(long step) {
    checkState(hasPending(step), "no generator step %s in flight (pending: %s)", step, pendingStep);
    ElectraModel.GeneratorStats stats;
    try {
      stats = pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for generator step " + step, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "generator step " + step + " failed: " + e.getCause(), e.getCause());
    }
    pending = null;
    for (int i = 0; i < masterParams.size(); i++) {
      masterParams.get(i).grad().assign(replicaParams.get(i).grad());
    }
    return new Result(stats, pendingOutput);
  }

  /**
   * One generator step of a training loop: launches the step for {@code step} through {@code
   * launcher} unless it was launched ahead, joins it, then launches {@code next} ahead (lag 1) so
   * that it overlaps what the caller does with this result; {@code next} &lt; 0 launches nothing
   * (lag 0, or no generator step left).
   *
   * @param launcher fills the generator's input for the step it is given and calls {@link #launch}
   */
  public Result advance(long step, long next, LongConsumer launcher) {
    if (!hasPending(step)) {
      launcher.accept(step);
    }
    Result result = join(step);
    if (next >= 0) {
      launcher.accept(next);
    }
    return result;
  }

  /** Drops any step in flight and stops the thread. */
  @Override
  public void close() {
    if (pending != null) {
      pending.cancel(true);
      pending = null;
    }
    thread.shutdownNow();
  }
}
