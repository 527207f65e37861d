package io.tmr.experiments.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short external command (sbatch, squeue, scontrol, scancel) and captures its output. */
final class Shell {
  private Shell() {}

  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  static Result run(List<String> command, long timeoutSeconds)
      throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    p.getOutputStream().close();
    // Outputs are small (a job id, one line per array task): read them after the exit.
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(
          String.join(" ", command) + " did not answer within " + timeoutSeconds + " s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.exitValue(), out, err);
  }

  /** A single-quoted bash word. */
  static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
