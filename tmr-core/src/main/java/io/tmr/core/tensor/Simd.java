package io.tmr.core.tensor;

import java.lang.module.ModuleFinder;
import java.util.List;
import java.util.Locale;

/**
 * Whether the float32 kernels of {@link VectorKernels} run through the JDK's incubating Vector API
 * ({@code jdk.incubator.vector}, Java 17), and why: the exponential, the row maximum, the sums and
 * dot products of {@link FastMath}, the last pass of the exact-form GELU, the expansion of mask
 * bits into 0/1 factors and the register tiles of {@link SmallGemm} (attention's per-head
 * products). Without the module the tiles' scalar twin is about 20x slower (6-8 GFLOP/s against
 * about 150 on one thread, 2026-12-03): it must give the same bits, and C2 does not vectorise its
 * loop.
 *
 * <p>C2 in JDK 17 vectorises plain float loops but not the integer step of the exponential (adding
 * k to the exponent bits), so {@link FastMath#expShiftedInPlace} ran that step one element at a
 * time; nor a float maximum folded over an array (0.95 ns per element on attention's 128-element
 * rows, 0.13 with a vector), nor a bit test per element. Through the Vector API these run on
 * full-width vectors with the same operations in the same order (or, for the maximum, an order-free
 * exact one), so the results are the same with and without it (tested); only the speed differs: +1
 * to +6 % tokens/s at shape B for the exponential in five interleaved pairs (docs/performance.md).
 *
 * <p>A kernel here must compile to vector code in JDK 17 or it allocates an object per operation:
 * {@code VectorMask.fromLong} and an int-to-float {@code convert} did not, and their garbage made
 * G1 grow the heap (docs/performance.md). Loops that C2 vectorises by itself stay plain Java (the
 * dropout mask words of {@link KeepMaskBits}).
 *
 * <p>The module is incubating: a JVM resolves it only when started with {@code --add-modules
 * jdk.incubator.vector} ({@link #JVM_OPTIONS}), and then prints one warning line to stderr ("Using
 * incubator modules"). TMR's launcher, the JVMs it starts (sweep trials, {@code tmr reproduce}) and
 * the tests pass the option; a JVM started without it (e.g. a user's own {@code java -cp}) runs the
 * scalar loops, with the same results. System property {@value #PROPERTY}: {@code auto} (default:
 * use it when the module is there) or {@code off}.
 */
public final class Simd {
  /** The system property that can turn the Vector API path off. */
  public static final String PROPERTY = "tmr.simd";

  /** The incubating module the vector kernels need. */
  public static final String MODULE = "jdk.incubator.vector";

  private static final Status STATUS = detect(System.getProperty(PROPERTY));

  private Simd() {}

  /**
   * Whether the vector kernels are in use and why; {@code floatLanes} is the preferred vector width
   * in floats (0 when not in use).
   */
  public record Status(boolean enabled, int floatLanes, String why) {}

  /** This process's status (decided once, at first use). */
  public static Status status() {
    return STATUS;
  }

  /** Whether the kernels use the vector path: the first call warms them up ({@link Kernels}). */
  static boolean enabled() {
    return Kernels.ENABLED;
  }

  /**
   * Holds the kernels' switch; initialised at the first kernel call, not when the status is only
   * reported ({@code tmr doctor}, manifests), because initialising it runs {@link
   * VectorKernels#warmUp} (about 0.3 s at JVM start-up, 2026-12-03).
   */
  private static final class Kernels {
    static final boolean ENABLED = STATUS.enabled();

    static {
      if (ENABLED) {
        VectorKernels.warmUp();
      }
    }
  }

  /**
   * The JVM options for the vector kernels, as TMR's launcher passes them (a test holds the two
   * together):
   *
   * <ul>
   *   <li>{@code --add-modules jdk.incubator.vector}: the module;
   *   <li>C2 compiles {@link VectorKernels} after 5 % of the usual invocation counts. Until C2 has
   *       compiled a kernel, every vector operation in it allocates an object; over a step's worth
   *       of softmax rows that was a burst of garbage that made G1 grow the heap for good: peak RSS
   *       at shape A 0.77–0.81 GB instead of 0.50 (2026-12-02, Intel Xeon). With the lower
   *       threshold it stayed at 0.50 GB. {@code quiet} keeps the JVM from echoing the command.
   *   <li>C2 inlines no {@link VectorKernels} method into its callers: each kernel is compiled on
   *       its own. Inlined into the MLM softmax's loop over the vocabulary, the exponential's
   *       integer vector operations were, in some runs and not others, left as calls to the Vector
   *       API's Java fallback: 1.8 GB of boxed vectors in one 25-step run at shape A (JFR), a G1
   *       heap grown for good, peak RSS 0.60–0.80 GB instead of 0.44–0.50 and steps ~5 % slower
   *       (2026-12-02, Intel Xeon; docs/performance.md). The same happened to the row maximum and
   *       the mask-bit expansion once attention's per-sequence task called them (0.85 and 0.61 GB
   *       of boxed vectors in one run at A, peak RSS 0.72 GB; 2026-12-03), so the rule covers the
   *       whole class. The kernels take and return arrays and scalars only, so a call passes no
   *       vector across it.
   * </ul>
   */
  public static final List<String> JVM_OPTIONS =
      List.of(
          "--add-modules",
          MODULE,
          "-XX:CompileCommand=quiet",
          "-XX:CompileCommand=CompileThresholdScaling,io.tmr.core.tensor.VectorKernels::*,0.05",
          "-XX:CompileCommand=dontinline,io.tmr.core.tensor.VectorKernels::*");

  /**
   * The JVM options that make the vector kernels available in a JVM started from this one: {@link
   * #JVM_OPTIONS} when this JDK has the module, otherwise none (the child then runs the scalar
   * loops).
   */
  public static List<String> jvmOptions() {
    return ModuleFinder.ofSystem().find(MODULE).isPresent() ? JVM_OPTIONS : List.of();
  }

  static Status detect(String property) {
    String value = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
    if (value.equals("off")) {
      return new Status(false, 0, "-D" + PROPERTY + "=off");
    }
    if (!value.equals("auto") && !value.isEmpty()) {
      throw new IllegalArgumentException(
          "-D" + PROPERTY + "=" + property + ": expected auto or off");
    }
    if (ModuleLayer.boot().findModule(MODULE).isEmpty()) {
      return new Status(
          false,
          0,
          "the JVM was started without --add-modules "
              + MODULE
              + " (TMR's launcher adds it): scalar loops, same results");
    }
    int lanes = VectorKernels.floatLanes();
    return new Status(
        true,
        lanes,
        "module " + MODULE + " present; " + lanes + " floats per vector (" + 32 * lanes + " bits)");
  }
}
