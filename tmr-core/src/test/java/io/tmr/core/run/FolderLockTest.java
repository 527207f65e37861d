package io.tmr.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per folder: another process is refused naming the holder; a dead holder's lock is
 * taken over.
 */
class FolderLockTest {
  @TempDir Path tmp;

  /** Tries to lock the folder given as argument; prints the outcome. Run in a child JVM. */
  public static void main(String[] args) throws Exception {
    try (FolderLock lock = FolderLock.acquire(Path.of(args[0]), "run")) {
      System.out.println("LOCKED");
    } catch (FolderLock.HeldException e) {
      System.out.println("REFUSED " + e.getMessage());
    }
  }

  private String probe(Path dir) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    FolderLockTest.class.getName(),
                    dir.toString()))
            .redirectErrorStream(true)
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new String(p.getInputStream().readAllBytes()).strip();
  }

  @Test
  void aSecondWriterIsRefusedNamingTheHolder() throws Exception {
    try (FolderLock held = FolderLock.acquire(tmp, "run")) {
      String out = probe(tmp);
      long pid = ProcessHandle.current().pid();
      assertTrue(out.contains("REFUSED") && out.contains("PID " + pid + " on host "), out);
      FolderLock.HeldException same =
          assertThrows(FolderLock.HeldException.class, () -> FolderLock.acquire(tmp, "run"));
      assertTrue(
          same.getMessage().contains("already being written by this process"), same.getMessage());
    }
    assertTrue(probe(tmp).endsWith("LOCKED"), "released when the holder closes it");
  }

  @Test
  void theLockOfAProcessThatIsGoneIsTakenOver() throws Exception {
    // What a killed process leaves: the file with its content, and no OS lock (the OS released it
    // with the process).
    Files.writeString(
        tmp.resolve(FolderLock.FILE),
        "{\"pid\":999999,\"host\":\"elsewhere\",\"what\":\"run\",\"since\":\"x\"}\n");
    try (FolderLock lock = FolderLock.acquire(tmp, "run")) {
      String content = Files.readString(tmp.resolve(FolderLock.FILE));
      assertTrue(content.contains("\"pid\":" + ProcessHandle.current().pid()), content);
    }
    assertEquals("", Files.readString(tmp.resolve(FolderLock.FILE)), "emptied on release");
  }
}
