package io.tmr.core.io;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The data directory: {@code $TMR_HOME}, else the system property {@code tmr.home}, else {@code
 * ~/.cache/tmr}. Holds verified package extractions ({@code packages/}), built corpora ({@code
 * corpus/}) and vocabularies ({@code vocab/}). Nothing here is ever committed to git.
 */
public final class TmrHome {
  private TmrHome() {}

  public static Path root() {
    String env = System.getenv("TMR_HOME");
    if (env != null && !env.isBlank()) {
      return Paths.get(env).toAbsolutePath().normalize();
    }
    String prop = System.getProperty("tmr.home");
    if (prop != null && !prop.isBlank()) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    return Paths.get(System.getProperty("user.home"), ".cache", "tmr");
  }

  public static Path packages() {
    return root().resolve("packages");
  }

  public static Path corpora() {
    return root().resolve("corpus");
  }

  public static Path vocabularies() {
    return root().resolve("vocab");
  }
}
