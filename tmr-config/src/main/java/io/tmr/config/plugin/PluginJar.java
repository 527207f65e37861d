package io.tmr.config.plugin;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A jar on the plugin path.
 *
 * @param path the jar, absolute
 * @param sha256 SHA-256 of its bytes, hex
 */
public record PluginJar(Path path, String sha256) {

  /** The jar at {@code path} with its SHA-256. */
  public static PluginJar of(Path path) throws IOException {
    Path p = path.toAbsolutePath().normalize();
    return new PluginJar(p, sha256(p));
  }

  /** SHA-256 of a file's bytes, hex. */
  public static String sha256(Path file) throws IOException {
    return com.google.common.io.Files.asByteSource(file.toFile()).hash(Hashing.sha256()).toString();
  }
}
