package io.tmr.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared} (GLUE and SQuAD files) for tests; tests skip cleanly when absent. */
public final class SharedData {
  private SharedData() {}

  /**
   * The shared folder: system property {@code tmr.shared}, else {@code ../shared} from the module.
   */
  public static Path root() {
    String prop = System.getProperty("tmr.shared");
    Path p = prop != null ? Paths.get(prop) : Paths.get("..", "..", "shared");
    return p.toAbsolutePath().normalize();
  }

  /** A file under {@code shared/data}, or a skipped test when it is absent. */
  public static Path require(String relative) {
    Path p = root().resolve("data").resolve(relative);
    Assumptions.assumeTrue(Files.isRegularFile(p), () -> "shared data file absent: " + p);
    return p;
  }
}
