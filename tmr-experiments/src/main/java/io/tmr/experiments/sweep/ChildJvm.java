package io.tmr.experiments.sweep;

import com.google.common.base.Preconditions;
import io.tmr.config.plugin.Plugins;
import io.tmr.core.env.BlasKernels;
import io.tmr.core.env.JavaExecutable;
import io.tmr.core.tensor.Simd;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A command line that runs the {@code tmr} CLI in a new JVM with this JVM's class path, and the
 * thread budget it gets. The budget is enforced three ways because three thread pools exist: ND4J's
 * native side reads {@code OMP_NUM_THREADS}, OpenBLAS reads {@code OPENBLAS_NUM_THREADS}, and TMR's
 * own parallel loops read {@code -Dtmr.threads}; {@code -XX:ActiveProcessorCount} keeps the JVM's
 * own pools (GC, common pool) to the same size. The child gets the OpenBLAS kernel set the launcher
 * would choose ({@link BlasKernels}) and this JVM's plugin path ({@value Plugins#VARIABLE}), so a
 * trial, a fine-tuning job or a Slurm task sees the plugins its parent saw.
 *
 * @param javaExecutable the java executable
 * @param classPath entries of the class path (a manifest-only jar, as Surefire uses, is expanded)
 * @param jvmOptions extra JVM options such as {@code -Xmx3g}
 * @param threads the thread budget of the child
 * @param pluginPath the plugin path of the child (folders or jars; empty: only what the child finds
 *     itself in {@code $TMR_HOME/plugins})
 */
public record ChildJvm(
    String javaExecutable,
    List<String> classPath,
    List<String> jvmOptions,
    int threads,
    List<String> pluginPath) {
  public static final String MAIN = "io.tmr.experiments.cli.TmrCli";

  public ChildJvm {
    Preconditions.checkArgument(
        threads >= 1, "a child JVM needs at least one thread, got %s", threads);
    classPath = List.copyOf(classPath);
    jvmOptions = List.copyOf(jvmOptions);
    pluginPath = List.copyOf(pluginPath);
  }

  /** A child without a plugin path of its own. */
  public ChildJvm(
      String javaExecutable, List<String> classPath, List<String> jvmOptions, int threads) {
    this(javaExecutable, classPath, jvmOptions, threads, List.of());
  }

  /**
   * A child of this JVM: same java, same class path, same plugin path ({@link Plugins#current()}).
   */
  public static ChildJvm current(List<String> jvmOptions, int threads) {
    return new ChildJvm(
        JavaExecutable.current(),
        expand(System.getProperty("java.class.path")),
        jvmOptions,
        threads,
        Plugins.current().path().stream().map(Path::toString).toList());
  }

  /** This child with {@code entries} appended to its plugin path. */
  public ChildJvm withPlugins(List<String> entries) {
    List<String> path = new ArrayList<>(pluginPath);
    entries.stream().filter(e -> !path.contains(e)).forEach(path::add);
    return new ChildJvm(javaExecutable, classPath, jvmOptions, threads, path);
  }

  /** {@code java <options> -cp <class path> TmrCli <args>}. */
  public List<String> command(List<String> tmrArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable);
    cmd.addAll(Simd.jvmOptions()); // the Vector API kernels, as the launcher's JVM has them
    cmd.addAll(jvmOptions);
    cmd.add("-Dtmr.threads=" + threads);
    cmd.add("-XX:ActiveProcessorCount=" + threads);
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classPath));
    cmd.add(MAIN);
    cmd.addAll(tmrArgs);
    return cmd;
  }

  /**
   * The environment variables that carry the thread budget and the plugin path (added to the
   * inherited environment).
   */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    if (!pluginPath.isEmpty()) {
      env.put(Plugins.VARIABLE, String.join(File.pathSeparator, pluginPath));
    }
    env.put("OMP_NUM_THREADS", Integer.toString(threads));
    env.put("OPENBLAS_NUM_THREADS", Integer.toString(threads));
    // Children write to log files, never a terminal: progress as log lines.
    env.put("TMR_PLAIN_PROGRESS", "1");
    return env;
  }

  /**
   * A process builder for {@code tmr <args>} with the environment set: the thread budget, and the
   * OpenBLAS kernel set of TMR's rule for this CPU ({@link BlasKernels}: an explicit {@code
   * OPENBLAS_CORETYPE} is kept), as the launcher {@code ./tmr} chooses it.
   */
  public ProcessBuilder processBuilder(List<String> tmrArgs) {
    ProcessBuilder pb = new ProcessBuilder(command(tmrArgs));
    pb.environment().putAll(environment());
    BlasKernels.applyTo(pb.environment(), BlasKernels.cpuFlags());
    return pb;
  }

  /**
   * {@code java -cp <class path> io.tmr.core.env.BlasKernels}: prints the shell commands that apply
   * the kernel rule on the machine where it runs; a job script on another machine (a Slurm node)
   * evaluates them before starting the trial JVM.
   */
  public List<String> blasKernelsCommand() {
    return List.of(
        javaExecutable,
        "-cp",
        String.join(File.pathSeparator, classPath),
        BlasKernels.class.getName());
  }

  /**
   * The entries of a class path string; a single jar whose manifest has a {@code Class-Path}
   * (Surefire's booter jar) is replaced by those entries, so the command also works after that jar
   * is deleted.
   */
  static List<String> expand(String classPath) {
    List<String> out = new ArrayList<>();
    for (String e : classPath.split(File.pathSeparator)) {
      if (e.isBlank()) {
        continue;
      }
      Path p = Path.of(e);
      if (e.endsWith(".jar") && Files.isRegularFile(p)) {
        List<String> inner = manifestClassPath(p);
        if (!inner.isEmpty()) {
          out.addAll(inner);
          continue;
        }
      }
      out.add(p.toAbsolutePath().toString());
    }
    return out;
  }

  private static List<String> manifestClassPath(Path jar) {
    try (JarFile jf = new JarFile(jar.toFile())) {
      Manifest m = jf.getManifest();
      String cp = m == null ? null : m.getMainAttributes().getValue("Class-Path");
      if (cp == null
          || cp.isBlank()
          || m.getMainAttributes().getValue("Main-Class") == null
          || !m.getMainAttributes().getValue("Main-Class").contains("surefire")) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (String u : cp.trim().split("\\s+")) {
        out.add(
            Path.of(URI.create(u.startsWith("file:") ? u : jar.toUri().resolve(u).toString()))
                .toString());
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
  }
}
