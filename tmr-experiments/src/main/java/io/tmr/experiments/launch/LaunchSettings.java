package io.tmr.experiments.launch;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to launch: parallel workers (local processes, or concurrently running array tasks on Slurm),
 * the thread budget of each trial JVM, extra JVM options, whether to stop at the first failure,
 * whether to return right after submitting (Slurm), and launcher-specific options ({@code
 * partition}, {@code time}, {@code stopGrace}, {@code sbatch}, {@code poll}).
 */
public record LaunchSettings(
    Path sweepDir,
    String sweepName,
    int workers,
    int threadsPerWorker,
    List<String> jvmOptions,
    boolean failFast,
    boolean detach,
    Map<String, String> options) {
  public LaunchSettings {
    Preconditions.checkArgument(workers >= 1, "--workers must be at least 1, got %s", workers);
    Preconditions.checkArgument(
        threadsPerWorker >= 1, "--threads must be at least 1, got %s", threadsPerWorker);
    jvmOptions = List.copyOf(jvmOptions);
    options = Map.copyOf(options);
  }

  public String option(String key, String def) {
    return options.getOrDefault(key, def);
  }
}
