package io.tmr.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Test data: batches whose tokens encode a per-item id, so that any row read back can be checked
 * against the stamp it came with.
 */
public final class Fixtures {

  public static final int VOCAB = 1000;
  public static final int SEQ = 8;

  private Fixtures() {}

  /** A small config: sequences of 8, vocabulary 1000, fixed seed. */
  public static ReplayConfig.Builder config(String strategy, int capacity) {
    return ReplayConfig.builder()
        .set(ReplayOptions.STRATEGY, strategy)
        .set(ReplayOptions.CAPACITY, capacity)
        .set(ReplayOptions.MAX_SEQ_LENGTH, SEQ)
        .set(ReplayOptions.VOCAB_SIZE, VOCAB)
        .set(ReplayOptions.SEED, 7L);
  }

  /** Flat arrays for a generator batch. */
  public static final class Rows {
    public final int rows;
    public final int seqLen;
    public final int[] corrupted;
    public final int[] original;
    public final int[] segments;
    public final int[] lengths;

    Rows(int rows, int seqLen) {
      this.rows = rows;
      this.seqLen = seqLen;
      corrupted = new int[rows * seqLen];
      original = new int[rows * seqLen];
      segments = new int[rows * seqLen];
      lengths = new int[rows];
    }
  }

  /** Length of item {@code id}: in [4, seqLen]. */
  public static int lengthOf(long id, int seqLen) {
    return 4 + (int) (id % (seqLen - 3));
  }

  /**
   * Rows for items {@code firstId, firstId+1, ...}: tokens 0..2 spell the id in base {@code vocab};
   * token 3 is "replaced" (original differs) when the id is odd; later tokens are a function of the
   * id and position; segment 1 from the middle on.
   */
  public static Rows rows(int n, int seqLen, long firstId, int vocab) {
    Rows r = new Rows(n, seqLen);
    for (int i = 0; i < n; i++) {
      long id = firstId + i;
      int len = lengthOf(id, seqLen);
      r.lengths[i] = len;
      int base = i * seqLen;
      long v = id;
      for (int t = 0; t < 3; t++) {
        r.corrupted[base + t] = (int) (v % vocab);
        v /= vocab;
      }
      for (int t = 3; t < len; t++) {
        r.corrupted[base + t] = (int) ((id * 31 + t * 7) % vocab);
      }
      System.arraycopy(r.corrupted, base, r.original, base, len);
      if (id % 2 == 1) {
        r.original[base + 3] = (r.corrupted[base + 3] + 1) % vocab;
      }
      for (int t = len / 2; t < len; t++) {
        r.segments[base + t] = 1;
      }
    }
    return r;
  }

  /** Decodes the id spelled by tokens 0..2 of {@code row}. */
  public static long decode(int[] corrupted, int row, int seqLen, int vocab) {
    int base = row * seqLen;
    return corrupted[base]
        + (long) corrupted[base + 1] * vocab
        + (long) corrupted[base + 2] * vocab * vocab;
  }

  /** Inserts items {@code firstId ..} into {@code buffer} and returns the receipt. */
  public static InsertReceipt insert(ReplayBuffer buffer, int n, long firstId, long step) {
    ReplayConfig c = buffer.config();
    int seqLen = Math.max(4, Math.min(SEQ, c.maxSeqLength()));
    Rows r = rows(n, seqLen, firstId, c.vocabSize());
    InsertReceipt receipt = new InsertReceipt(n);
    buffer.insertBatch(n, seqLen, r.corrupted, r.original, r.segments, r.lengths, step, receipt);
    return receipt;
  }

  /** The complete serialized state of {@code buffer}: equal bytes mean equal state. */
  public static byte[] stateBytes(ReplayBuffer buffer, Path dir) throws IOException {
    Path file = Files.createTempFile(dir, "state", ".snap");
    buffer.snapshot(file);
    byte[] bytes = Files.readAllBytes(file);
    Files.delete(file);
    return bytes;
  }

  /** Chi-square goodness-of-fit p-value (Commons Math). */
  public static double chiSquareP(double[] expected, long[] observed) {
    return new ChiSquareTest().chiSquareTest(expected, observed);
  }
}
