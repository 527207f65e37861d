package io.tmr.core.corpus;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * SHA-256 over a set of extracted files, independent of file times and archive layout: the digest
 * of the lines {@code relative/path NUL sha256(content)} for every regular file matching the glob,
 * in sorted path order.
 */
public final class TreeDigest {
  private TreeDigest() {}

  public static List<Path> files(Path root, String glob) throws IOException {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !Files.isSymbolicLink(p))
          .filter(p -> matcher.matches(root.relativize(p)))
          .sorted()
          .toList();
    }
  }

  public static String of(Path root, String glob) throws IOException {
    Hasher tree = Hashing.sha256().newHasher();
    for (Path p : files(root, glob)) {
      String rel = root.relativize(p).toString().replace('\\', '/');
      String sha = com.google.common.io.MoreFiles.asByteSource(p).hash(Hashing.sha256()).toString();
      tree.putString(rel, StandardCharsets.UTF_8)
          .putByte((byte) 0)
          .putString(sha, StandardCharsets.UTF_8)
          .putByte((byte) '\n');
    }
    return tree.hash().toString();
  }
}
