package io.tmr.core.text;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * WordPiece ids of one text with, for each, the UTF-16 span {@code [start, end)} of the original
 * text it came from. Immutable.
 */
public final class TokenSpans {
  private final int[] ids;
  private final int[] starts;
  private final int[] ends;

  TokenSpans(int[] ids, int[] starts, int[] ends) {
    Preconditions.checkArgument(ids.length == starts.length && ids.length == ends.length);
    this.ids = ids;
    this.starts = starts;
    this.ends = ends;
  }

  public int size() {
    return ids.length;
  }

  public int id(int i) {
    return ids[i];
  }

  public int start(int i) {
    return starts[i];
  }

  public int end(int i) {
    return ends[i];
  }

  public int[] ids() {
    return ids.clone();
  }

  /** The first {@code n} tokens. */
  public TokenSpans prefix(int n) {
    Preconditions.checkArgument(n >= 0 && n <= ids.length, "prefix %s of %s tokens", n, ids.length);
    return n == ids.length
        ? this
        : new TokenSpans(Arrays.copyOf(ids, n), Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
  }

  /** Tokens {@code [from, to)}. */
  public TokenSpans slice(int from, int to) {
    Preconditions.checkPositionIndexes(from, to, ids.length);
    return new TokenSpans(
        Arrays.copyOfRange(ids, from, to),
        Arrays.copyOfRange(starts, from, to),
        Arrays.copyOfRange(ends, from, to));
  }

  /** Growable builder used by the tokenizer. */
  static final class Builder {
    private int[] ids = new int[32];
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int n;

    void add(int id, int start, int end) {
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, n * 2);
        starts = Arrays.copyOf(starts, n * 2);
        ends = Arrays.copyOf(ends, n * 2);
      }
      ids[n] = id;
      starts[n] = start;
      ends[n] = end;
      n++;
    }

    int n() {
      return n;
    }

    void truncate(int size) {
      n = size;
    }

    TokenSpans build() {
      return new TokenSpans(
          Arrays.copyOf(ids, n), Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
    }
  }
}
