package io.tmr.core.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which OpenBLAS kernel set a JVM started by TMR gets, and which one OpenBLAS actually uses. The
 * rule is the one of {@code tools/openblas-kernels.sh} (sourced by the launcher, CI and the tests'
 * JVM); this class applies it to the JVMs that TMR starts itself (sweep trials, {@code tmr
 * reproduce}, Slurm tasks), and {@code BlasKernelsTest} checks that the script and this class
 * agree.
 *
 * <ul>
 *   <li>{@code OPENBLAS_CORETYPE} set (non-empty) by the machine or the user: never changed.
 *   <li>otherwise {@code SkylakeX} where every CPU has avx512f, avx512bw, avx512vl, avx512dq and
 *       avx512cd;
 *   <li>otherwise {@code Haswell} where every CPU has avx2 and fma;
 *   <li>otherwise nothing: OpenBLAS 0.3.19 detects the CPU itself (generic kernels on CPUs it does
 *       not know).
 * </ul>
 *
 * A choice made by TMR carries the marker {@value #MARKER} with the same value, so that a JVM can
 * tell TMR's choice from an explicit one, and a JVM on another machine chooses again for its own
 * CPU.
 */
public final class BlasKernels {
  private BlasKernels() {}

  /** The variable OpenBLAS reads when it loads. */
  public static final String VARIABLE = "OPENBLAS_CORETYPE";

  /** Set to the chosen value when TMR chose it. */
  public static final String MARKER = "TMR_OPENBLAS_CORETYPE_CHOSEN";

  public static final List<String> AVX512_FLAGS =
      List.of("avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd");
  public static final List<String> AVX2_FLAGS = List.of("avx2", "fma");

  /** Where the setting in effect comes from. */
  public enum Source {
    /** {@code OPENBLAS_CORETYPE} set by the machine or the user; TMR never changes it. */
    ENVIRONMENT(
        "set in the environment (by the machine or the user); TMR never changes an explicit setting"),
    /** Chosen by TMR's rule from the CPU flags (the launcher, or TMR for a JVM it started). */
    CPU_FLAGS("chosen by TMR's launcher from the CPU flags"),
    /** Unset: OpenBLAS picks by its own CPU detection. */
    NONE("unset: OpenBLAS detects the CPU itself");

    public final String meaning;

    Source(String meaning) {
      this.meaning = meaning;
    }
  }

  /** A kernel set ({@code null} when none is set) and where it comes from. */
  public record Choice(String coreType, Source source) {}

  /** TMR's kernel set for a CPU with these flags (present on every core), or empty. */
  public static Optional<String> forFlags(Set<String> flags) {
    if (flags.containsAll(AVX512_FLAGS)) {
      return Optional.of("SkylakeX");
    }
    if (flags.containsAll(AVX2_FLAGS)) {
      return Optional.of("Haswell");
    }
    return Optional.empty();
  }

  /** What a new JVM started with environment {@code env} on a CPU with {@code flags} gets. */
  public static Choice resolve(Map<String, String> env, Set<String> flags) {
    String set = env.get(VARIABLE);
    if (set != null && !set.isEmpty() && !set.equals(env.get(MARKER))) {
      return new Choice(set, Source.ENVIRONMENT);
    }
    return forFlags(flags)
        .map(c -> new Choice(c, Source.CPU_FLAGS))
        .orElse(new Choice(null, Source.NONE));
  }

  /** What the process with environment {@code env} runs with (no new choice made). */
  public static Choice inEffect(Map<String, String> env) {
    String set = env.get(VARIABLE);
    if (set == null || set.isEmpty()) {
      return new Choice(null, Source.NONE);
    }
    return new Choice(set, set.equals(env.get(MARKER)) ? Source.CPU_FLAGS : Source.ENVIRONMENT);
  }

  /**
   * Applies the rule to the environment of a process about to start (e.g. {@code
   * ProcessBuilder.environment()}): an explicit setting is kept (a stale marker dropped), TMR's
   * choice is set with its marker, and a marked choice that this CPU does not support is removed.
   */
  public static Choice applyTo(Map<String, String> env, Set<String> flags) {
    Choice c = resolve(env, flags);
    switch (c.source()) {
      case ENVIRONMENT -> env.remove(MARKER);
      case CPU_FLAGS -> {
        env.put(VARIABLE, c.coreType());
        env.put(MARKER, c.coreType());
      }
      case NONE -> {
        if (env.containsKey(MARKER)) {
          env.remove(VARIABLE);
          env.remove(MARKER);
        }
      }
    }
    return c;
  }

  /** Flags present on every CPU of a cpuinfo text (empty when it has no flags line). */
  public static Set<String> parseFlags(String cpuinfo) {
    Set<String> common = null;
    for (String line : cpuinfo.split("\n")) {
      if (!line.matches("^flags\\s*:.*")) {
        continue;
      }
      Set<String> these =
          new TreeSet<>(List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
      if (common == null) {
        common = these;
      } else {
        common.retainAll(these);
      }
    }
    return common == null ? Set.of() : common;
  }

  /**
   * This machine's CPU flags ({@code /proc/cpuinfo}; {@code TMR_CPUINFO} names another file), empty
   * when unreadable.
   */
  public static Set<String> cpuFlags() {
    String other = System.getenv("TMR_CPUINFO");
    Path p = Path.of(other != null && !other.isEmpty() ? other : "/proc/cpuinfo");
    try {
      return parseFlags(Files.readString(p, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }

  /**
   * The kernel set OpenBLAS uses in this process, read from OpenBLAS itself: its dispatch table
   * pointer {@code gotoblas} compared with the exported per-CPU tables {@code gotoblas_<CORE>},
   * which is exactly what {@code openblas_get_corename()} does (JavaCPP's OpenBLAS 0.3.19-1.5.7
   * preset maps no Java method for that function, so its result is reconstructed from the same two
   * symbols). Names as OpenBLAS prints them ({@code SkylakeX}, {@code Haswell}, {@code Prescott},
   * ...); "unknown: ..." when it cannot be read.
   */
  public static String coreInUse() {
    try {
      org.bytedeco.javacpp.Loader.load(org.bytedeco.openblas.global.openblas_nolapack.class);
      org.bytedeco.javacpp.Pointer table = org.bytedeco.javacpp.Loader.addressof("gotoblas");
      if (table == null || table.isNull()) {
        return "unknown: OpenBLAS exports no dispatch table (not a DYNAMIC_ARCH build)";
      }
      long inUse = new org.bytedeco.javacpp.LongPointer(table).get(0);
      for (Map.Entry<String, String> e : CORE_TABLES.entrySet()) {
        org.bytedeco.javacpp.Pointer p =
            org.bytedeco.javacpp.Loader.addressof("gotoblas_" + e.getKey());
        if (p != null && !p.isNull() && p.address() == inUse) {
          return e.getValue();
        }
      }
      return "unknown: the dispatch table matches none of " + CORE_TABLES.values();
    } catch (Throwable t) {
      return "unknown: " + t.getClass().getSimpleName() + ": " + t.getMessage();
    }
  }

  /** OpenBLAS 0.3.19's x86-64 dispatch tables and the names its corename table gives them. */
  private static final Map<String, String> CORE_TABLES = new LinkedHashMap<>();

  static {
    for (String name :
        List.of(
            "Katmai",
            "Coppermine",
            "Northwood",
            "Prescott",
            "Banias",
            "Core2",
            "Nehalem",
            "Athlon",
            "Barcelona",
            "Sandybridge",
            "Bulldozer",
            "Piledriver",
            "Haswell",
            "Steamroller",
            "Excavator",
            "Zen",
            "SkylakeX",
            "Cooperlake")) {
      CORE_TABLES.put(name.toUpperCase(java.util.Locale.ROOT), name);
    }
  }

  /** The rule's decision for this process's children, as a map for reports. */
  public static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    Choice now = inEffect(System.getenv());
    Set<String> flags = cpuFlags();
    Optional<String> rule = forFlags(flags);
    m.put("kernelSet", coreInUse());
    m.put("readFrom", "OpenBLAS itself (its dispatch table, what openblas_get_corename() returns)");
    m.put(VARIABLE, now.coreType() == null ? "unset" : now.coreType());
    m.put("source", now.source().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    m.put(
        "why",
        switch (now.source()) {
          case ENVIRONMENT ->
              VARIABLE
                  + "="
                  + now.coreType()
                  + " is "
                  + now.source().meaning
                  + rule.filter(r -> !r.equals(now.coreType()))
                      .map(r -> " (TMR's rule would choose " + r + " for this CPU)")
                      .orElse("");
          case CPU_FLAGS ->
              VARIABLE
                  + "="
                  + now.coreType()
                  + " was "
                  + now.source().meaning
                  + " ("
                  + String.join(" ", now.coreType().equals("SkylakeX") ? AVX512_FLAGS : AVX2_FLAGS)
                  + ")";
          case NONE ->
              VARIABLE
                  + " is "
                  + now.source().meaning
                  + rule.map(
                          r ->
                              "; TMR's rule gives "
                                  + r
                                  + " on this CPU: start through ./tmr, or export "
                                  + VARIABLE
                                  + "="
                                  + r)
                      .orElse(
                          "; TMR's rule has no kernel set for this CPU (neither AVX-512 F/BW/VL/DQ/CD nor AVX2+FMA)");
        });
    m.put("ruleForThisCpu", rule.orElse("none"));
    return m;
  }

  /**
   * Prints shell commands that apply the rule to the current environment on this machine, e.g.
   * {@code eval "$(java -cp ... io.tmr.core.env.BlasKernels)"} in a Slurm job script before the
   * trial JVM.
   */
  public static void main(String[] args) {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    Choice c = applyTo(env, cpuFlags());
    switch (c.source()) {
      case ENVIRONMENT -> System.out.println("unset " + MARKER);
      case CPU_FLAGS ->
          System.out.println(
              "export " + VARIABLE + "=" + c.coreType() + " " + MARKER + "=" + c.coreType());
      case NONE ->
          System.out.println(env.containsKey(VARIABLE) ? ":" : "unset " + VARIABLE + " " + MARKER);
    }
  }
}
