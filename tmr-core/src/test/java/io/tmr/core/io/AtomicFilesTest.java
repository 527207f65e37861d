package io.tmr.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file TMR writes goes through {@link AtomicFiles}: a write that fails part-way (here: the
 * disk fills after 3 MiB) leaves the previous file exactly as it was and no temporary file, and the
 * error names the file and the cause.
 */
class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void aWriteThatFailsPartWayKeepsThePreviousFileAndLeavesNothingBehind() throws IOException {
    Path target = dir.resolve("step-100.safetensors");
    AtomicFiles.writeString(target, "the last good checkpoint");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                AtomicFiles.write(
                    target,
                    out -> {
                      out.write(new byte[3 << 20]);
                      throw new IOException("No space left on device");
                    }));
    assertEquals(
        "could not write " + target + ": No space left on device", e.getMessage(), e.getMessage());
    assertEquals("the last good checkpoint", Files.readString(target));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(target), left.toList());
    }
  }

  @Test
  void aSuccessfulWriteReplacesTheFileWholeWithOrdinaryPermissions() throws IOException {
    Path target = dir.resolve("manifest.json");
    AtomicFiles.writeString(target, "old");
    AtomicFiles.writeString(target, "new and longer");
    assertEquals("new and longer", Files.readString(target));
    assertTrue(Files.isReadable(target));
    assertEquals(
        "rw-r--r--",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(target)));
  }
}
