package io.tmr.replay.snapshot;

import io.tmr.replay.spi.StateReader;
import io.tmr.replay.spi.StateWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * everything before it (long)}. Writing goes to a temporary file in the target directory, is
 * fsync'ed and then moved over the target with {@code ATOMIC_MOVE}, so a reader sees either the
 * old complete file or the new complete file. Reading checks the checksum over the whole file
 * before parsing, so corruption is reported as such instead of as a confusing field error.
 */
public final class SnapshotFile {

  /** "TMR_RPLY" in ASCII. */
  public static final long MAGIC = 0x544D525F52504C59L;

  public static final int VERSION = 2;

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

  /** Writes {@code file} atomically. */
  public static void write(Path file, Body body) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
    boolean moved = false;
    try {
      try (FileOutputStream fos = new FileOutputStream(temp.toFile())) {
        CheckedOutputStream checked =
            new CheckedOutputStream(new BufferedOutputStream(fos, 1 << 20), new CRC32());
        DataOutputStream out = new DataOutputStream(checked);
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        body.write(new SnapshotOutput(out));
        out.flush();
        long crc = checked.getChecksum().getValue();
        out.writeLong(crc);
        out.flush();
        fos.getFD().sync();
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
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
    if (size < 20) {
      throw new SnapshotFormatException("snapshot " + file + ": " + size
          + " bytes is too short to be a replay snapshot (header and checksum need 20)");
    }
    verifyChecksum(file, size);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
      DataInputStream in = new DataInputStream(raw);
      SnapshotInput input = new SnapshotInput(in, file);
      long magic = in.readLong();
      if (magic != MAGIC) {
        throw new SnapshotFormatException("snapshot " + file + ": field 'magic': not a TMR replay"
            + " snapshot (found 0x" + Long.toHexString(magic) + ")");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new SnapshotFormatException("snapshot " + file + ": field 'version': format version "
            + version + ", this build reads version " + VERSION);
      }
      T result = reader.read(input);
      in.readLong(); // checksum, already verified
      if (in.read() != -1) {
        throw new SnapshotFormatException(
            "snapshot " + file + ": unexpected bytes after the checksum");
      }
      return result;
    } catch (EOFException e) {
      throw new SnapshotFormatException("snapshot " + file + ": truncated", e);
    }
  }

  private static void verifyChecksum(Path file, long size) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
      CheckedInputStream checked = new CheckedInputStream(raw, new CRC32());
      byte[] buf = new byte[1 << 16];
      long remaining = size - 8;
      while (remaining > 0) {
        int n = checked.read(buf, 0, (int) Math.min(buf.length, remaining));
        if (n < 0) {
          throw new SnapshotFormatException("snapshot " + file + ": truncated");
        }
        remaining -= n;
      }
      long expected = new DataInputStream(raw).readLong();
      long actual = checked.getChecksum().getValue();
      if (expected != actual) {
        throw new SnapshotFormatException("snapshot " + file + ": field 'checksum': CRC32 0x"
            + Long.toHexString(actual) + " does not match the stored 0x"
            + Long.toHexString(expected) + " (file corrupted or truncated)");
      }
    }
  }
}
