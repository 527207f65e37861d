package io.tmr.experiments.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in this JVM and captures its exit code, stdout and stderr. */
public final class TestCli {
  private TestCli() {}

  /** {exit code, stdout, stderr}. */
  public static synchronized String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = TmrCli.execute(args);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {
      Integer.toString(rc), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)
    };
  }
}
