package io.tmr.core.run;

import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Graceful stops: after {@link #install()}, the first SIGTERM or SIGINT only records a request,
 * which a training loop reads between steps (it finishes the step, writes a checkpoint, marks its
 * manifest {@code interrupted} and exits with the conventional code 128 + signal number); a second
 * signal exits at once. Slurm sends SIGTERM some time before it kills a job at its time limit,
 * which is exactly this first signal. A second signal within {@link #REPEAT_WINDOW_MS} of the first
 * counts as the same request: one Ctrl-C reaches a sweep and its trial JVMs together, and the sweep
 * forwards it to them as well.
 */
public final class StopSignals {
  private static final AtomicReference<String> REQUESTED = new AtomicReference<>();

  /** Signals this soon after the first are the same request, not a second one. */
  public static final long REPEAT_WINDOW_MS = 2000;

  private static volatile long firstAt;
  private static volatile boolean installed;

  private StopSignals() {}

  /** Installs the handlers (idempotent); until then signals keep the JVM's default behaviour. */
  public static synchronized void install() {
    if (installed) {
      return;
    }
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          s -> {
            if (REQUESTED.compareAndSet(null, "SIG" + s.getName())) {
              firstAt = System.nanoTime();
            } else if (System.nanoTime() - firstAt > REPEAT_WINDOW_MS * 1_000_000L) {
              System.err.println(
                  "tmr: second SIG" + s.getName() + ": exiting now, without a checkpoint");
              Runtime.getRuntime().halt(128 + s.getNumber());
            }
          });
    }
    installed = true;
  }

  /** The signal that asked to stop ({@code SIGTERM}, {@code SIGINT}), or {@code null}. */
  public static String requested() {
    return REQUESTED.get();
  }

  /** The exit code for a run stopped by {@code signal}: 143 for SIGTERM, 130 for SIGINT. */
  public static int exitCode(String signal) {
    return "SIGINT".equals(signal) ? 130 : 143;
  }

  /** Records a request as a signal would (tests, and a parent that forwards its own stop). */
  public static void request(String signal) {
    REQUESTED.compareAndSet(null, signal);
  }

  /** Forgets a request (tests). */
  static void reset() {
    REQUESTED.set(null);
  }
}
