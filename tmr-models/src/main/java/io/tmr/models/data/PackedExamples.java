package io.tmr.models.data;

import com.google.common.base.Preconditions;
import io.tmr.core.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fixed-length pretraining examples in struct-of-arrays form: {@code ids[i*L .. (i+1)*L)} are the
 * token ids of example {@code i} ({@code [CLS] A [SEP] (B [SEP])} then {@code [PAD]}), {@code
 * segments} the matching type ids, {@code lengths[i]} the count of real tokens.
 */
public final class PackedExamples {
  private static final int MAGIC = 0x544d5245; // "TMRE"
  private static final int VERSION = 1;

  private final int seqLength;
  private int count;
  private int[] ids;
  private byte[] segments;
  private int[] lengths;

  public PackedExamples(int seqLength, int initialCapacity) {
    Preconditions.checkArgument(seqLength >= 8, "sequence length %s is too short", seqLength);
    this.seqLength = seqLength;
    int cap = Math.max(16, initialCapacity);
    this.ids = new int[cap * seqLength];
    this.segments = new byte[cap * seqLength];
    this.lengths = new int[cap];
  }

  public int seqLength() {
    return seqLength;
  }

  public int size() {
    return count;
  }

  /**
   * Appends one example given its ids and segment ids (length = real tokens; the rest is padding).
   */
  public void add(int[] exampleIds, int[] exampleSegments, int length) {
    Preconditions.checkArgument(
        length > 0 && length <= seqLength, "example length %s outside (0, %s]", length, seqLength);
    if (count == lengths.length) {
      int cap = count * 2;
      ids = Arrays.copyOf(ids, cap * seqLength);
      segments = Arrays.copyOf(segments, cap * seqLength);
      lengths = Arrays.copyOf(lengths, cap);
    }
    int base = count * seqLength;
    for (int t = 0; t < length; t++) {
      ids[base + t] = exampleIds[t];
      segments[base + t] = (byte) exampleSegments[t];
    }
    lengths[count] = length;
    count++;
  }

  public int length(int example) {
    Preconditions.checkElementIndex(example, count);
    return lengths[example];
  }

  public int id(int example, int position) {
    return ids[example * seqLength + position];
  }

  public int segment(int example, int position) {
    return segments[example * seqLength + position];
  }

  /**
   * Copies example {@code example} into row {@code row} of flat {@code [rows × L]} arrays (padding
   * positions get id {@code padId} and segment 0).
   */
  public void copyTo(int example, int row, int[] idsOut, int[] segmentsOut, int padId) {
    int src = example * seqLength;
    int dst = row * seqLength;
    int len = lengths[example];
    System.arraycopy(ids, src, idsOut, dst, len);
    Arrays.fill(idsOut, dst + len, dst + seqLength, padId);
    for (int t = 0; t < seqLength; t++) {
      segmentsOut[dst + t] = t < len ? segments[src + t] : 0;
    }
  }

  /** How often each token id occurs in the examples (real tokens only). */
  public long[] tokenCounts(int vocabSize) {
    long[] counts = new long[vocabSize];
    for (int ex = 0; ex < size(); ex++) {
      for (int t = 0; t < length(ex); t++) {
        counts[id(ex, t)]++;
      }
    }
    return counts;
  }

  public long totalTokens() {
    long n = 0;
    for (int i = 0; i < count; i++) {
      n += lengths[i];
    }
    return n;
  }

  /** Writes a versioned binary file atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(
        file,
        raw -> {
          DataOutputStream out = new DataOutputStream(raw);
          out.writeInt(MAGIC);
          out.writeInt(VERSION);
          out.writeInt(seqLength);
          out.writeInt(count);
          for (int i = 0; i < count; i++) {
            int len = lengths[i];
            out.writeShort(len);
            int base = i * seqLength;
            for (int t = 0; t < len; t++) {
              out.writeInt(ids[base + t]);
            }
            for (int t = 0; t < len; t++) {
              out.writeByte(segments[base + t]);
            }
          }
          out.flush();
        });
  }

  public static PackedExamples read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      if (in.readInt() != MAGIC) {
        throw new IOException(file + ": not a TMR example file (bad magic)");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException(file + ": example file version " + version + ", expected " + VERSION);
      }
      int seq = in.readInt();
      int n = in.readInt();
      PackedExamples p = new PackedExamples(seq, n);
      int[] exIds = new int[seq];
      int[] exSeg = new int[seq];
      for (int i = 0; i < n; i++) {
        int len = in.readShort();
        for (int t = 0; t < len; t++) {
          exIds[t] = in.readInt();
        }
        for (int t = 0; t < len; t++) {
          exSeg[t] = in.readByte();
        }
        p.add(exIds, exSeg, len);
      }
      return p;
    } catch (EOFException e) {
      throw new IOException(file + ": truncated example file", e);
    }
  }
}
