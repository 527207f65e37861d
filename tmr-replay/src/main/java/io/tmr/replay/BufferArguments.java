package io.tmr.replay;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * The argument checks of a buffer's operations, made before its lock is taken or anything changes:
 * a bad batch, reference or value changes nothing, and the exception names the row and the option
 * at fault.
 */
final class BufferArguments {
  private BufferArguments() {}

  static void insert(
      ReplayConfig config,
      int rows,
      int seqLen,
      int[] corrupted,
      int[] original,
      int[] segments,
      int[] lengths,
      InsertReceipt receipt) {
    checkArgument(rows >= 0, "rows must be >= 0, got %s", rows);
    checkArgument(
        seqLen >= 1 && seqLen <= config.maxSeqLength(),
        "seqLen must be in [1, replay.maxSeqLength=%s], got %s",
        config.maxSeqLength(),
        seqLen);
    checkNotNull(corrupted, "corrupted ids");
    checkNotNull(original, "original ids");
    checkNotNull(lengths, "lengths");
    // Explicit ifs rather than multi-argument checkArgument: its varargs would allocate per call.
    long tokens = (long) rows * seqLen;
    if (corrupted.length < tokens
        || original.length < tokens
        || (segments != null && segments.length < tokens)) {
      throw new IllegalArgumentException(
          "id arrays hold corrupted="
              + corrupted.length
              + ", original="
              + original.length
              + ", segments="
              + (segments == null ? "null" : segments.length)
              + " values; "
              + rows
              + " rows x "
              + seqLen
              + " need "
              + tokens);
    }
    if (lengths.length < rows) {
      throw new IllegalArgumentException(
          "lengths hold " + lengths.length + " values for " + rows + " rows");
    }
    if (receipt != null && receipt.maxRows() < rows) {
      throw new IllegalArgumentException(
          "receipt holds " + receipt.maxRows() + " rows, the batch has " + rows);
    }
    int vocab = config.vocabSize();
    int types = config.segmentTypes();
    for (int r = 0; r < rows; r++) {
      int len = lengths[r];
      if (len < 1 || len > seqLen) {
        throw new IllegalArgumentException(
            "lengths[" + r + "] = " + len + " outside [1, seqLen=" + seqLen + "]");
      }
      int base = r * seqLen;
      for (int i = base; i < base + len; i++) {
        int c = corrupted[i];
        int o = original[i];
        if (c < 0 || c >= vocab || o < 0 || o >= vocab) {
          throw new IllegalArgumentException(
              "row "
                  + r
                  + " token "
                  + (i - base)
                  + ": id "
                  + (c < 0 || c >= vocab ? "corrupted=" + c : "original=" + o)
                  + " outside [0, replay.vocabSize="
                  + vocab
                  + ")");
        }
        if (segments != null && (segments[i] < 0 || segments[i] >= types)) {
          throw new IllegalArgumentException(
              "row "
                  + r
                  + " token "
                  + (i - base)
                  + ": segment id "
                  + segments[i]
                  + " outside [0, replay.segmentTypes="
                  + types
                  + ")");
        }
      }
    }
  }

  static void batch(ReplayConfig config, boolean keepsOriginalIds, int n, SampleBatch out) {
    checkNotNull(out, "out");
    checkArgument(n >= 1, "batch size must be >= 1, got %s", n);
    checkArgument(
        n <= out.maxRows(), "batch size %s exceeds the SampleBatch's %s rows", n, out.maxRows());
    checkArgument(
        n <= config.capacity(),
        "batch size %s > replay.capacity %s can never be satisfied",
        n,
        config.capacity());
    if (out.hasRows()) {
      checkArgument(
          out.seqLen() >= config.maxSeqLength(),
          "the SampleBatch's row stride %s is below replay.maxSeqLength %s: rows would be cut",
          out.seqLen(),
          config.maxSeqLength());
      checkArgument(
          !out.hasOriginalIds() || keepsOriginalIds,
          "the SampleBatch asks for original ids but replay.labels=bitset does not keep them");
    }
  }

  static void refs(int capacity, int n, int[] slots, long[] stamps) {
    checkArgument(n >= 0, "n must be >= 0, got %s", n);
    checkNotNull(slots, "slots");
    checkNotNull(stamps, "stamps");
    if (slots.length < n || stamps.length < n) {
      throw new IllegalArgumentException(
          "slots/stamps hold " + slots.length + "/" + stamps.length + " values for " + n + " rows");
    }
    for (int i = 0; i < n; i++) {
      if (slots[i] < -1 || slots[i] >= capacity) {
        throw new IllegalArgumentException(
            "slots[" + i + "] = " + slots[i] + " outside [-1, " + capacity + ")");
      }
    }
  }

  /** Losses and norms: finite and non-negative. */
  static void values(String what, int n, float[] values) {
    checkNotNull(values, what);
    if (values.length < n) {
      throw new IllegalArgumentException(
          what + " hold " + values.length + " values for " + n + " rows");
    }
    for (int i = 0; i < n; i++) {
      float v = values[i];
      if (!(v >= 0 && v < Float.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            what + "[" + i + "] = " + v + ": must be finite and >= 0; nothing was updated");
      }
    }
  }

  /** Weights set directly: finite and non-negative. */
  static void weights(int n, double[] weights) {
    checkNotNull(weights, "weights");
    if (weights.length < n) {
      throw new IllegalArgumentException(
          "weights hold " + weights.length + " values for " + n + " rows");
    }
    for (int i = 0; i < n; i++) {
      double v = weights[i];
      if (!(v >= 0 && v < Double.POSITIVE_INFINITY)) {
        throw new IllegalArgumentException(
            "weights["
                + i
                + "] = "
                + v
                + ": a priority must be finite and >= 0; nothing was "
                + "updated");
      }
    }
  }
}
