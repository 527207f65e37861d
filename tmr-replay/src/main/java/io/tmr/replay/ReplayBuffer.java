package io.tmr.replay;

import io.tmr.replay.trace.TraceFormat;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A replay buffer of ELECTRA generator outputs: what is kept is decided by an eviction policy, what
 * is drawn by a sampling policy, and items' weights by a priority rule, all plugins chosen by
 * {@link ReplayConfig}. Create one with {@link ReplayBuffers#create}.
 *
 * <h2>Trainer protocol</h2>
 *
 * <ol>
 *   <li>{@link #insertBatch} a generator batch (flat {@code int[rows·seqLen]} arrays plus per-row
 *       lengths); new items get the running maximum weight.
 *   <li>Optionally {@link #takeFresh} the newest not-yet-used items (the trainer's fresh part of a
 *       discriminator batch), or {@link #recordLosses} for rows trained on straight from the
 *       generator: both mark items used and the latter sets {@code ℓ_prev}.
 *   <li>{@link #sample} a replay batch into a reusable {@link SampleBatch}.
 *   <li>{@link #update} with the per-row discriminator losses (and gradient norms for {@code
 *       gradient-norm}), passing the batch back so the stamps travel with the losses; rows whose
 *       item was overwritten meanwhile are ignored and counted as stale.
 * </ol>
 *
 * <h2>Thread safety</h2>
 *
 * Every method is safe to call from any thread: each takes one lock for its whole duration, so
 * operations are linearizable, a batch's rows are copied consistently, and no item is lost or
 * duplicated between a producer (inserting) and a consumer (sampling and updating). The intended
 * pairing is one producer and one consumer thread; more also work, serialised by the lock. {@link
 * SampleBatch} and {@link InsertReceipt} objects are not thread-safe: each belongs to one thread.
 * In {@code replay.rateLimit=block} mode a waiting call releases the lock while it waits, and an
 * insert waits per row, so a batch insert may interleave with samples (each row is still atomic).
 */
public interface ReplayBuffer extends AutoCloseable {

  ReplayConfig config();

  /** False for the disabled buffer that {@code replay.capacity=0} yields. */
  boolean isEnabled();

  int capacity();

  int size();

  /**
   * Stores {@code rows} sequences. Row r occupies {@code [r·seqLen, r·seqLen + lengths[r])} of each
   * id array. Every value is validated before anything is stored, so a bad batch changes nothing.
   *
   * @param seqLen row stride, at most {@code replay.maxSeqLength}
   * @param corrupted the generator's output ids (the discriminator's input)
   * @param original the original ids; labels are {@code corrupted != original}
   * @param segments segment ids, or null for all zeros
   * @param lengths valid tokens per row, each in {@code [1, seqLen]}
   * @param creationStep the generator step that produced the batch
   * @param receipt receives each row's slot and stamp (slot -1 if not stored); may be null
   * @return rows stored
   * @throws RateLimitedException in refuse mode when the limiter does not allow the batch now (or
   *     in block mode on timeout / interrupt; then the receipt lists the rows stored so far)
   */
  int insertBatch(
      int rows,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      long creationStep,
      InsertReceipt receipt);

  /** As {@link #insertBatch} but never waits: returns false (nothing stored) when limited. */
  boolean tryInsertBatch(
      int rows,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      long creationStep,
      InsertReceipt receipt);

  /**
   * Draws {@code n} rows into {@code out} with the strategy's sampling policy, computes importance
   * weights {@code (N·P(i))^-β / max_j (N·P(j))^-β} over the batch (β at this call's step), counts
   * a replay for each row and drops items that reached {@code replay.maxReplays}.
   *
   * @throws IllegalArgumentException for {@code n < 1}, {@code n > out.maxRows()}, {@code n >
   *     capacity}, or a batch whose row stride is below {@code replay.maxSeqLength}
   * @throws RateLimitedException in refuse mode when not allowed now (including {@code n > size});
   *     state unchanged
   */
  void sample(int n, SampleBatch out);

  /** As {@link #sample} but never waits or throws for rate limits: false, state unchanged. */
  boolean trySample(int n, SampleBatch out);

  /**
   * Takes up to {@code max} of the newest not-yet-used items, newest first, into {@code out}
   * (probability and weight 1, {@code out.fresh()} true) and marks them used. Not a replay: replay
   * counts and β's step are unchanged. Counted as samples by the rate limiter but never waits.
   *
   * @return rows taken (0 when every item has been used)
   */
  int takeFresh(int max, SampleBatch out);

  /**
   * Applies the priority rule to the losses measured on {@code refs}' rows (when trained on them),
   * records the losses as the items' {@code ℓ_prev} and marks the items trained on. A rule not
   * defined for an item yet ({@code NaN}, e.g. loss-difference at the first use) leaves its weight.
   *
   * @return updates applied (stale and duplicate rows are skipped and counted)
   * @throws IllegalArgumentException for a negative, NaN or infinite loss, or missing norms under
   *     {@code gradient-norm}; nothing is applied
   */
  default int update(ItemRefs refs, float[] losses) {
    return update(refs.size(), refs.slots(), refs.stamps(), losses, null);
  }

  /** As {@link #update(ItemRefs, float[])} with per-row gradient norms. */
  default int update(ItemRefs refs, float[] losses, float[] gradientNorms) {
    return update(refs.size(), refs.slots(), refs.stamps(), losses, gradientNorms);
  }

  /** Raw form of {@link #update}: rows {@code [0, n)} of parallel arrays. */
  int update(int n, int[] slots, long[] stamps, float[] losses, float[] gradientNorms);

  /**
   * Sets weights directly (bypassing the priority rule), e.g. priorities computed elsewhere.
   *
   * @throws IllegalArgumentException for a negative, NaN or infinite weight; nothing is applied
   */
  int setWeights(int n, int[] slots, long[] stamps, double[] weights);

  /**
   * Records losses measured when the rows were trained on fresh: they become {@code ℓ_prev} of the
   * {@code loss-difference} rule, and the items are marked used. Weights do not change.
   *
   * @return losses recorded (stale rows are skipped and counted)
   */
  int recordLosses(ItemRefs refs, float[] losses);

  /** Removes every item; counters are kept. */
  void clear();

  ReplayStats stats();

  /**
   * Summary of the distribution one draw follows now over every buffered item (effective sample
   * size, KL from uniform); O(size).
   */
  SamplingDistribution samplingDistribution();

  /**
   * A consistent copy of every item's bookkeeping (weights, last losses, replays, creation steps).
   */
  ItemSnapshot inspect();

  /**
   * Checks every invariant (store links, sampler and eviction indexes against the items, sum tree
   * sums, counters); O(capacity).
   *
   * @throws IllegalStateException naming the first violation
   */
  void verifyIntegrity();

  /**
   * Writes the complete state (items, weights, sampler and eviction state, random generator,
   * counters, rate limiter) to {@code file} atomically; {@link ReplayBuffers#restore} reads it back
   * and the restored buffer continues with exactly the same draws.
   */
  void snapshot(Path file) throws IOException;

  /**
   * Writes the same snapshot to {@code out} (left open), e.g. into a checkpoint; {@link
   * ReplayBuffers#restore(java.io.InputStream, String)} reads it back.
   */
  void snapshot(java.io.OutputStream out) throws IOException;

  /** Starts (or replaces) a trace of every sample call; {@code append} continues a file. */
  void startTrace(Path file, TraceFormat format, boolean append) throws IOException;

  /** Flushes and closes the trace, if any. */
  void stopTrace() throws IOException;

  /**
   * Tells {@code listener} about every replay draw from now on (after the trace, if any), under the
   * buffer's lock. A listener is not part of a snapshot: add it again to a restored buffer.
   */
  void addDrawListener(DrawListener listener);

  /**
   * Closes the buffer: threads waiting in block mode wake up with {@link IllegalStateException},
   * later mutating calls throw it, the trace is closed. {@link #stats()} still works.
   */
  @Override
  void close();
}
