package io.tmr.core.tensor;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Optional wall-clock accounting of named sections (GEMM, softmax, LayerNorm, ...), enabled with
 * {@code -Dtmr.profile=true}. When disabled, {@link #ENABLED} is a compile-time false for the JIT
 * and the calls cost nothing. Sections are not nested: time spent inside GEMM is not also counted
 * by the caller's section.
 */
public final class Profiler {
  public static final boolean ENABLED = Boolean.getBoolean("tmr.profile");

  private static final Map<String, LongAdder> NANOS = new ConcurrentHashMap<>();
  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
  private static final LongAdder GEMM_FLOPS = new LongAdder();

  private Profiler() {}

  /** Start time for {@link #end}, or 0 when disabled. */
  public static long start() {
    return ENABLED ? System.nanoTime() : 0L;
  }

  public static void end(String section, long start) {
    if (ENABLED) {
      NANOS.computeIfAbsent(section, k -> new LongAdder()).add(System.nanoTime() - start);
      COUNTS.computeIfAbsent(section, k -> new LongAdder()).increment();
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

  /** Floating-point operations (2mnk per GEMM) since the last reset. */
  public static long gemmFlops() {
    return GEMM_FLOPS.sum();
  }
}
