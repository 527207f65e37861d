package io.tmr.experiments.cli;

import io.tmr.core.io.TmrHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Resolves {@code --corpus}: a folder holding {@code manifest.json}, or a name under {@code
 * $TMR_HOME/corpus}.
 */
final class Corpora {
  static final String DEFAULT = "npm";

  private Corpora() {}

  static Path resolve(String nameOrDir) {
    Path p = Paths.get(nameOrDir);
    if (Files.isDirectory(p)) {
      return p.toAbsolutePath().normalize();
    }
    return TmrHome.corpora().resolve(nameOrDir);
  }
}
