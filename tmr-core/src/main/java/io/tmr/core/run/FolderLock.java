package io.tmr.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exclusive lock on a folder a process writes (a run folder, a sweep folder), held for as long
 * as the process writes it: an OS file lock on {@code DIR/.lock}, whose content names the holder
 * (PID, host, time). A second writer is refused with a message naming the holder. The OS releases
 * the lock when its process dies, so a lock left by a dead process is simply taken over; its stale
 * content is announced.
 */
public final class FolderLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FolderLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String FILE = ".lock";

  /**
   * Folders locked by this JVM (the OS lock is per process: a second lock in one JVM must be
   * refused here).
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** Thrown when another process (or this one) holds the folder. */
  public static final class HeldException extends IOException {
    private static final long serialVersionUID = 1L;

    HeldException(String message) {
      super(message);
    }
  }

  /**
   * Locks {@code dir} for {@code what} ("run", "sweep").
   *
   * @throws HeldException naming the holder when another writer has it
   */
  public static FolderLock acquire(Path dir, String what) throws IOException {
    Path file = dir.resolve(FILE).toAbsolutePath().normalize();
    if (!HELD.add(file)) {
      throw new HeldException(
          dir + " is already being written by this process (" + what + " locked twice)");
    }
    FileChannel ch = null;
    try {
      ch =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      String previous = read(ch);
      if (lock == null) {
        throw new HeldException(
            dir
                + " is being written by another "
                + what
                + " process"
                + describe(previous)
                + "; wait for it to end (or stop it) before writing the same folder");
      }
      if (!previous.isBlank()) {
        log.warn(
            "{}: took over the lock of a {} process that is gone{}", dir, what, describe(previous));
      }
      Map<String, Object> holder = new LinkedHashMap<>();
      holder.put("pid", ProcessHandle.current().pid());
      holder.put("host", host());
      holder.put("what", what);
      holder.put("since", Instant.now().toString());
      ch.truncate(0);
      ch.write(
          ByteBuffer.wrap(
              (JSON.writeValueAsString(holder) + "\n").getBytes(StandardCharsets.UTF_8)),
          0);
      ch.force(true);
      return new FolderLock(file, ch, lock);
    } catch (IOException | RuntimeException e) {
      HELD.remove(file);
      if (ch != null) {
        ch.close();
      }
      throw e;
    }
  }

  private static String read(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) Math.min(ch.size(), 4096));
    ch.read(b, 0);
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  /** " (PID 123 on host h since t)" from a lock file's content, or "" when unreadable. */
  private static String describe(String content) {
    try {
      JsonNode n = JSON.readTree(content);
      if (n == null || !n.has("pid")) {
        return "";
      }
      return " (PID "
          + n.path("pid").asLong()
          + " on host "
          + n.path("host").asText("?")
          + " since "
          + n.path("since").asText("?")
          + ")";
    } catch (IOException e) {
      return "";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Releases the lock; the file stays, empty (a later writer then has nothing to announce). A
   * second call does nothing.
   */
  @Override
  public void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.truncate(0);
      lock.release();
    } finally {
      channel.close();
      HELD.remove(file);
    }
  }
}
