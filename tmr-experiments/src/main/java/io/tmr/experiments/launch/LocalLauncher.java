package io.tmr.experiments.launch;

import io.tmr.core.run.StopSignals;
import io.tmr.experiments.sweep.ChildJvm;
import io.tmr.experiments.sweep.TrialState;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs trials on this machine: {@code workers} at a time, each its own JVM ({@code tmr sweep trial
 * DIR}) with the thread budget of one worker, its stdout and stderr appended to the trial's {@code
 * log.txt}. A stop request to this JVM (SIGTERM, Ctrl-C: {@link StopSignals}) starts no more trials
 * and forwards SIGTERM to the running trial JVMs, which finish their step, write a checkpoint and
 * exit as interrupted; this JVM waits for them. If it ends otherwise, a shutdown hook ends the
 * trial JVMs, so no orphan keeps writing into the sweep; their runs resume from the last
 * checkpoint.
 */
public final class LocalLauncher implements Launcher {
  private final LaunchSettings settings;
  private final ChildJvm jvm;
  private final Set<Process> live = ConcurrentHashMap.newKeySet();

  public LocalLauncher(LaunchSettings settings, ChildJvm jvm) {
    this.settings = settings;
    this.jvm = jvm;
  }

  /** The plugin. */
  public static final class Provider implements LauncherProvider {
    @Override
    public String name() {
      return "local";
    }

    @Override
    public String description() {
      return "N worker processes on this machine, one JVM per trial, a thread budget per worker";
    }

    @Override
    public Launcher create(LaunchSettings s) {
      return new LocalLauncher(s, ChildJvm.current(s.jvmOptions(), s.threadsPerWorker()));
    }
  }

  @Override
  public boolean launch(List<TrialJob> jobs, TrialListener listener)
      throws IOException, InterruptedException {
    Thread hook = new Thread(this::killAll, "tmr-sweep-stop-trials");
    Runtime.getRuntime().addShutdownHook(hook);
    AtomicInteger workerIds = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            settings.workers(),
            r -> {
              Thread t = new Thread(r, "tmr-worker-" + workerIds.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (TrialJob job : jobs) {
        futures.add(
            pool.submit(
                () -> {
                  runOne(job, listener);
                  return null;
                }));
      }
      boolean forwarded = false;
      for (Future<?> f : futures) {
        while (true) {
          try {
            f.get(1, TimeUnit.SECONDS);
            break;
          } catch (java.util.concurrent.TimeoutException waiting) {
            if (!forwarded && StopSignals.requested() != null) {
              forwarded = true;
              forwardStop();
            }
          } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("worker failed: " + e.getCause().getMessage(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      killAll();
      throw e;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook runs anyway
      }
    }
    return true;
  }

  private void runOne(TrialJob job, TrialListener listener)
      throws IOException, InterruptedException {
    if (listener.stopRequested()) {
      return;
    }
    Path log = job.trialDir().resolve(TrialState.LOG);
    List<String> args = List.of("sweep", "trial", job.trialDir().toAbsolutePath().toString());
    String worker = Thread.currentThread().getName();
    Files.writeString(
        log,
        "=== "
            + Instant.now()
            + " "
            + worker
            + " on "
            + hostName()
            + ": "
            + String.join(" ", jvm.command(args))
            + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder pb = jvm.processBuilder(args);
    pb.redirectErrorStream(true);
    pb.redirectOutput(Redirect.appendTo(log.toFile()));
    long t0 = System.nanoTime();
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      // This trial could not start (no java, no memory for a process): it fails, the sweep goes on.
      listener.finished(
          job,
          new TrialOutcome(job.id(), false, -1, "could not start its JVM: " + e.getMessage(), 0));
      return;
    }
    live.add(p);
    listener.started(job, "local " + worker + ", pid " + p.pid());
    int rc;
    try {
      rc = p.waitFor();
    } finally {
      live.remove(p);
    }
    TrialOutcome outcome = TrialOutcome.of(job, rc, "", (System.nanoTime() - t0) / 1e9);
    listener.finished(job, outcome);
    // --fail-fast: end the others now. A signal stop was forwarded once already; a second SIGTERM
    // would make a trial still finishing its step exit without its checkpoint.
    if (listener.stopRequested() && StopSignals.requested() == null) {
      killAll();
    }
  }

  /** SIGTERM to each running trial JVM (its own handler stops it at a checkpoint). */
  private void forwardStop() {
    System.out.printf(
        "[sweep] %s: asking %d running trial(s) to stop at their next step (a checkpoint each);"
            + " a second signal stops at once%n",
        StopSignals.requested(), live.size());
    for (Process p : live) {
      p.destroy();
    }
  }

  private void killAll() {
    for (Process p : live) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : live) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
