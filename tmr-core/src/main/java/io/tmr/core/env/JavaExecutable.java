package io.tmr.core.env;

import java.nio.file.Path;

/** The java executable of this process, for starting a child JVM like it. */
public final class JavaExecutable {
  private JavaExecutable() {}

  /**
   * The command this process was started with, as the OS reports it, else {@code
   * $java.home/bin/java}.
   */
  public static String current() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
