package io.tmr.replay.snapshot;

import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The snapshot container: {@code magic "TMR_RPLY" (8 bytes) | version (int) | body | CRC32 of
 * everything before it (long)}, written to a stream (a snapshot inside another file) or to a file.
 * A file is written to a temporary file in the target directory, fsync'ed and then moved over the
 * target with {@code ATOMIC_MOVE}, so a reader sees either the old complete file or the new
 * complete file. Reading checks the checksum over the whole container before parsing, so corruption
 * is reported as such instead of as a confusing field error.
 */
public final class SnapshotFile {

  /** "TMR_RPLY" in ASCII. */
  public static final long MAGIC = 0x544D525F52504C59L;

  public static final int VERSION = 3;

  private SnapshotFile() {}

  /** Writes a snapshot body. */
  @FunctionalInterface
  public interface Body {
    void write(StateWriter out) throws IOException;
  }

  /** Reads a snapshot body. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(StateReader in) throws IOException;
  }

  /**
   * Writes the container (magic, version, body, CRC32) to {@code out}, which stays open: a snapshot
   * inside another file, e.g. a checkpoint's blob.
   */
  public static void write(OutputStream out, Body body) throws IOException {
    CheckedOutputStream checked =
        new CheckedOutputStream(
            new BufferedOutputStream(new NonClosing(out), 1 << 20), new CRC32());
    DataOutputStream data = new DataOutputStream(checked);
    data.writeLong(MAGIC);
    data.writeInt(VERSION);
    body.write(new SnapshotOutput(data));
    data.flush();
    data.writeLong(checked.getChecksum().getValue());
    data.flush();
  }

  /** Writes {@code file} atomically. */
  public static void write(Path file, Body body) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    boolean moved = false;
    try {
      try (FileOutputStream fos = new FileOutputStream(temp.toFile())) {
        write(fos, body);
        fos.getFD().sync();
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("cannot replace " + target + " atomically on this file system", e);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Validates and reads {@code file}. */
  public static <T> T read(Path file, Reader<T> reader) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new SnapshotFormatException("snapshot " + file + ": no such file", e);
    }
    String source = file.toString();
    checkSize(source, size);
    try (InputStream raw = Files.newInputStream(file)) {
      verifyChecksum(source, raw, size);
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
      return parse(source, raw, reader);
    }
  }

  /**
   * Validates and reads a snapshot from {@code in}, to its end ({@code source} names it in errors,
   * e.g. "checkpoint step-00000500.safetensors, blob __feed__").
   */
  public static <T> T read(InputStream in, String source, Reader<T> reader) throws IOException {
    byte[] bytes = in.readAllBytes();
    checkSize(source, bytes.length);
    verifyChecksum(source, new ByteArrayInputStream(bytes), bytes.length);
    return parse(source, new ByteArrayInputStream(bytes), reader);
  }

  private static void checkSize(String source, long size) throws SnapshotFormatException {
    if (size < 20) {
      throw new SnapshotFormatException(
          "snapshot "
              + source
              + ": "
              + size
              + " bytes is too short to be a replay snapshot (header and checksum need 20)");
    }
  }

  private static <T> T parse(String source, InputStream raw, Reader<T> reader) throws IOException {
    try {
      DataInputStream in = new DataInputStream(raw);
      SnapshotInput input = new SnapshotInput(in, source);
      long magic = in.readLong();
      if (magic != MAGIC) {
        throw new SnapshotFormatException(
            "snapshot "
                + source
                + ": field 'magic': not a TMR replay"
                + " snapshot (found 0x"
                + Long.toHexString(magic)
                + ")");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new SnapshotFormatException(
            "snapshot "
                + source
                + ": field 'version': format version "
                + version
                + ", this build reads version "
                + VERSION);
      }
      T result = reader.read(input);
      in.readLong(); // checksum, already verified
      if (in.read() != -1) {
        throw new SnapshotFormatException(
            "snapshot " + source + ": unexpected bytes after the checksum");
      }
      return result;
    } catch (EOFException e) {
      throw new SnapshotFormatException("snapshot " + source + ": truncated", e);
    }
  }

  private static void verifyChecksum(String source, InputStream in, long size) throws IOException {
    InputStream raw = new BufferedInputStream(in, 1 << 20);
    CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
    byte[] buf = new byte[1 << 16];
    long remaining = size - 8;
    while (remaining > 0) {
      int n = checked.read(buf, 0, (int) Math.min(buf.length, remaining));
      if (n < 0) {
        throw new SnapshotFormatException("snapshot " + source + ": truncated");
      }
      remaining -= n;
    }
    long expected = new DataInputStream(raw).readLong();
    long actual = checked.getChecksum().getValue();
    if (expected != actual) {
      throw new SnapshotFormatException(
          "snapshot "
              + source
              + ": field 'checksum': CRC32 0x"
              + Long.toHexString(actual)
              + " does not match the stored 0x"
              + Long.toHexString(expected)
              + " (file corrupted or truncated)");
    }
  }

  /** Lets the container's buffered streams be flushed without closing the caller's stream. */
  private static final class NonClosing extends FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
