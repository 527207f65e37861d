package io.tmr.core.tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Optional accounting of named sections (GEMM, softmax, LayerNorm, ...), enabled with {@code
 * -Dtmr.profile=true} (wall clock) or {@code -Dtmr.profile=cpu} (the calling thread's CPU time: on
 * a machine shared with other jobs this leaves out the time the thread waited for a core; it is
 * complete only when everything runs on that thread, i.e. {@code -Dtmr.threads=1} and {@code
 * OMP_NUM_THREADS=1}). When disabled, {@link #ENABLED} is a compile-time false for the JIT and the
 * calls cost nothing. Sections are not nested: time spent inside GEMM is not also counted by the
 * caller's section.
 *
 * <p>GEMM time and FLOPs are kept per kind ({@code gemm}, {@code gemm per head}) and per {@link
 * #scope} (e.g. {@code generator}, {@code discriminator}), so that a report can say how fast the
 * thin generator products run compared with the discriminator's.
 */
public final class Profiler {
  public static final boolean ENABLED =
      "true".equalsIgnoreCase(System.getProperty("tmr.profile"))
          || "cpu".equalsIgnoreCase(System.getProperty("tmr.profile"));

  /** Whether sections are timed in thread CPU time ({@code -Dtmr.profile=cpu}). */
  public static final boolean CPU_CLOCK = "cpu".equalsIgnoreCase(System.getProperty("tmr.profile"));

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static final Map<String, LongAdder> NANOS = new ConcurrentHashMap<>();
  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
  private static final Map<String, LongAdder> FLOPS = new ConcurrentHashMap<>();
  private static final LongAdder GEMM_FLOPS = new LongAdder();
  private static volatile String scope;

  private Profiler() {}

  /** Start time for {@link #end}, or 0 when disabled. */
  public static long start() {
    return ENABLED ? now() : 0L;
  }

  /** The profiler's clock in nanoseconds: wall clock, or this thread's CPU time. */
  public static long now() {
    return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  public static void end(String section, long start) {
    if (ENABLED) {
      NANOS.computeIfAbsent(section, k -> new LongAdder()).add(now() - start);
      COUNTS.computeIfAbsent(section, k -> new LongAdder()).increment();
    }
  }

  /**
   * Names the part of the model that runs from now on ({@code null}: none); GEMM sections carry it
   * in brackets. Returns the previous scope, to be restored by the caller.
   */
  public static String scope(String name) {
    if (!ENABLED) {
      return null;
    }
    String previous = scope;
    scope = name;
    return previous;
  }

  /** Ends a GEMM section of {@code kind} with its FLOPs, under the current scope. */
  static void endGemm(String kind, long start, long flops) {
    if (ENABLED) {
      String s = scope;
      String key = s == null ? kind : kind + " [" + s + "]";
      end(key, start);
      FLOPS.computeIfAbsent(key, k -> new LongAdder()).add(flops);
    }
  }

  static void addGemmFlops(long flops) {
    if (ENABLED) {
      GEMM_FLOPS.add(flops);
    }
  }

  public static void reset() {
    NANOS.clear();
    COUNTS.clear();
    FLOPS.clear();
    GEMM_FLOPS.reset();
  }

  /** Seconds per section, sorted by name. */
  public static Map<String, Double> seconds() {
    Map<String, Double> out = new TreeMap<>();
    NANOS.forEach((k, v) -> out.put(k, v.sum() / 1e9));
    return out;
  }

  public static long calls(String section) {
    LongAdder a = COUNTS.get(section);
    return a == null ? 0 : a.sum();
  }

  /** GEMM FLOPs (2mnk each) recorded under a GEMM section since the last reset; 0 for others. */
  public static long flops(String section) {
    LongAdder a = FLOPS.get(section);
    return a == null ? 0 : a.sum();
  }

  /** Floating-point operations (2mnk per GEMM) since the last reset. */
  public static long gemmFlops() {
    return GEMM_FLOPS.sum();
  }
}
