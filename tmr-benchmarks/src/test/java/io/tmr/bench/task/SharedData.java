package io.tmr.bench.task;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test access to the real data under {@code tmr.shared} and to the hand-written fixtures. */
public final class SharedData {

  private SharedData() {}

  /**
   * A file under the shared {@code data} folder; the calling test is skipped (not failed) when the
   * shared folder or the file is absent, e.g. on a CI runner without the data.
   */
  public static Path require(String relative) {
    String shared = System.getProperty("tmr.shared");
    assumeTrue(shared != null, "system property tmr.shared is not set");
    Path file = Path.of(shared, "data").resolve(relative);
    assumeTrue(Files.isRegularFile(file), file + " is absent");
    return file;
  }

  /** A test resource as a path. */
  public static Path fixture(String resource) {
    try {
      return Path.of(SharedData.class.getResource(resource).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + resource, e);
    }
  }
}
