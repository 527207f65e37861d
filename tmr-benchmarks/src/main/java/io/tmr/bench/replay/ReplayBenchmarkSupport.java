package io.tmr.bench.replay;

import io.tmr.replay.InsertReceipt;
import io.tmr.replay.ReplayBuffer;
import io.tmr.replay.ReplayBuffers;
import io.tmr.replay.ReplayConfig;
import io.tmr.replay.ReplayOptions;
import io.tmr.replay.spi.ReplayRandom;

/** Builds and fills buffers for the benchmarks, outside the measured code. */
final class ReplayBenchmarkSupport {

  static final int VOCAB = 30_522;

  private ReplayBenchmarkSupport() {}

  /**
   * Token rows per item in the benchmarks: 128 (ELECTRA's sequence length) up to 10^6 items; at
   * 10^7 items 128 tokens would need ~3.3 GB of token columns on a shared machine, so those runs
   * store 16 tokens. Index structures (what sample/update measure) do not depend on it.
   */
  static int seqLenFor(int capacity) {
    return capacity >= 10_000_000 ? 16 : 128;
  }

  static ReplayConfig config(String strategy, int capacity) {
    return ReplayConfig.builder()
        .set(ReplayOptions.STRATEGY, strategy)
        .set(ReplayOptions.CAPACITY, capacity)
        .set(ReplayOptions.MAX_SEQ_LENGTH, seqLenFor(capacity))
        .set(ReplayOptions.VOCAB_SIZE, VOCAB)
        .set(ReplayOptions.WEIGHT, "loss")
        .set(ReplayOptions.SEED, 2024L)
        .build();
  }

  /** Random generator-like rows: 15% of tokens replaced, two segments. */
  static final class Rows {
    final int rows;
    final int seqLen;
    final int[] corrupted;
    final int[] original;
    final int[] segments;
    final int[] lengths;

    Rows(int rows, int seqLen, long seed) {
      this.rows = rows;
      this.seqLen = seqLen;
      corrupted = new int[rows * seqLen];
      original = new int[rows * seqLen];
      segments = new int[rows * seqLen];
      lengths = new int[rows];
      ReplayRandom r = new ReplayRandom(seed);
      for (int i = 0; i < rows * seqLen; i++) {
        original[i] = r.nextInt(VOCAB);
        corrupted[i] = r.nextInt(100) < 15 ? r.nextInt(VOCAB) : original[i];
        segments[i] = (i % seqLen) < seqLen / 2 ? 0 : 1;
      }
      for (int i = 0; i < rows; i++) {
        lengths[i] = seqLen;
      }
    }
  }

  /**
   * A buffer filled to capacity whose items carry random weights in [0.5, 10.5) (so prioritized
   * sampling has a realistic spread instead of all-equal new-item weights).
   */
  static ReplayBuffer filled(String strategy, int capacity) {
    ReplayBuffer buffer = ReplayBuffers.create(config(strategy, capacity));
    int seqLen = seqLenFor(capacity);
    int chunk = 1024;
    Rows rows = new Rows(chunk, seqLen, 1);
    InsertReceipt receipt = new InsertReceipt(chunk);
    ReplayRandom random = new ReplayRandom(7);
    double[] weights = new double[chunk];
    for (int done = 0; done < capacity; done += chunk) {
      int n = Math.min(chunk, capacity - done);
      buffer.insertBatch(
          n, seqLen, rows.corrupted, rows.original, rows.segments, rows.lengths, done, receipt);
      for (int i = 0; i < n; i++) {
        weights[i] = 0.5 + 10 * random.nextDouble();
      }
      buffer.setWeights(n, receipt.slots(), receipt.stamps(), weights);
    }
    return buffer;
  }

  /** Losses in [0, 2) for update benchmarks. */
  static float[] losses(int n, long seed) {
    ReplayRandom r = new ReplayRandom(seed);
    float[] l = new float[n];
    for (int i = 0; i < n; i++) {
      l[i] = (float) (2 * r.nextDouble());
    }
    return l;
  }
}
