package io.tmr.core.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tmr.core.env.BlasKernels.Choice;
import io.tmr.core.env.BlasKernels.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlasKernelsTest {
  static final String BASE = "fpu sse sse2 ssse3 sse4_1 sse4_2 avx";
  static final String AVX2 = BASE + " avx2 fma";
  static final String AVX512 = AVX2 + " avx512f avx512dq avx512cd avx512bw avx512vl";

  /** Flag sets and the kernel set the rule gives them. */
  static final Map<String, Optional<String>> CASES = new LinkedHashMap<>();

  static {
    CASES.put(AVX512, Optional.of("SkylakeX"));
    CASES.put(AVX512 + " avx512_bf16 avx512ifma amx_tile", Optional.of("SkylakeX"));
    CASES.put(AVX2 + " avx512f avx512bw avx512vl avx512dq", Optional.of("Haswell")); // no avx512cd
    CASES.put(
        AVX2 + " avx512f",
        Optional.of("Haswell")); // AVX-512 F alone (e.g. Knights Landing lacks BW/VL/DQ)
    CASES.put(AVX2, Optional.of("Haswell"));
    CASES.put(BASE + " avx2", Optional.empty()); // no fma
    CASES.put(BASE + " fma", Optional.empty()); // no avx2
    CASES.put(BASE, Optional.empty());
    CASES.put("", Optional.empty());
  }

  static Set<String> flags(String words) {
    return words.isBlank() ? Set.of() : new TreeSet<>(List.of(words.trim().split(" ")));
  }

  @Test
  void flagSetsMapToTheRightKernelSet() {
    CASES.forEach((f, expected) -> assertEquals(expected, BlasKernels.forFlags(flags(f)), f));
    CASES.forEach(
        (f, expected) ->
            assertEquals(
                expected
                    .map(c -> new Choice(c, Source.CPU_FLAGS))
                    .orElse(new Choice(null, Source.NONE)),
                BlasKernels.resolve(Map.of(), flags(f)),
                f));
  }

  @Test
  void anExplicitSettingIsNeverChanged() {
    for (String f : CASES.keySet()) {
      for (String explicit : List.of("Haswell", "SkylakeX", "Prescott", "Zen", "whatever")) {
        Map<String, String> env = new HashMap<>(Map.of(BlasKernels.VARIABLE, explicit));
        assertEquals(new Choice(explicit, Source.ENVIRONMENT), BlasKernels.applyTo(env, flags(f)));
        assertEquals(Map.of(BlasKernels.VARIABLE, explicit), env);
        // A marker left from an earlier TMR choice does not turn a different, explicit value into
        // TMR's.
        env.put(BlasKernels.MARKER, explicit.equals("Haswell") ? "SkylakeX" : "Haswell");
        assertEquals(new Choice(explicit, Source.ENVIRONMENT), BlasKernels.applyTo(env, flags(f)));
        assertEquals(Map.of(BlasKernels.VARIABLE, explicit), env);
        assertEquals(Source.ENVIRONMENT, BlasKernels.inEffect(env).source());
      }
    }
  }

  @Test
  void tmrsOwnChoiceIsMadeAgainForTheCpuAtHand() {
    // Inherited from a JVM on an AVX-512 machine, started on an AVX2-only node: Haswell there.
    Map<String, String> env =
        new HashMap<>(Map.of(BlasKernels.VARIABLE, "SkylakeX", BlasKernels.MARKER, "SkylakeX"));
    assertEquals(Source.CPU_FLAGS, BlasKernels.inEffect(env).source());
    assertEquals(new Choice("Haswell", Source.CPU_FLAGS), BlasKernels.applyTo(env, flags(AVX2)));
    assertEquals(Map.of(BlasKernels.VARIABLE, "Haswell", BlasKernels.MARKER, "Haswell"), env);
    // ... and on a CPU without AVX2 the marked choice is removed, OpenBLAS detects the CPU itself.
    assertEquals(new Choice(null, Source.NONE), BlasKernels.applyTo(env, flags(BASE)));
    assertEquals(Map.of(), env);
    // An unset variable on a CPU the rule knows gets the choice and its marker.
    Map<String, String> fresh = new HashMap<>(Map.of("PATH", "/usr/bin"));
    BlasKernels.applyTo(fresh, flags(AVX512));
    assertEquals(
        Map.of(
            "PATH", "/usr/bin", BlasKernels.VARIABLE, "SkylakeX", BlasKernels.MARKER, "SkylakeX"),
        fresh);
  }

  @Test
  void aKernelSetMustBeOnEveryCpu() {
    String two =
        "processor\t: 0\nflags\t\t: "
            + AVX512
            + "\n\nprocessor\t: 1\nflags\t\t: "
            + AVX2
            + " avx512f avx512bw avx512vl avx512dq\n";
    assertEquals(Optional.of("Haswell"), BlasKernels.forFlags(BlasKernels.parseFlags(two)));
    assertEquals(
        Optional.of("SkylakeX"),
        BlasKernels.forFlags(
            BlasKernels.parseFlags("flags : " + AVX512 + "\nflags : " + AVX512 + "\n")));
    assertEquals(Set.of(), BlasKernels.parseFlags("model name : something avx2 fma\n"));
  }

  /** The launcher's rule (tools/openblas-kernels.sh) and this class agree on every case. */
  @Test
  void theShellRuleAndTheJavaRuleAgree(@TempDir Path dir) throws Exception {
    Path script = Path.of("..", "tools", "openblas-kernels.sh").toAbsolutePath().normalize();
    assumeTrue(Files.isRegularFile(script), "no " + script);
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no bash");
    List<Map<String, String>> envs =
        List.of(
            Map.of(),
            Map.of(BlasKernels.VARIABLE, "Haswell"),
            Map.of(BlasKernels.VARIABLE, "Prescott", BlasKernels.MARKER, "SkylakeX"),
            Map.of(BlasKernels.VARIABLE, "SkylakeX", BlasKernels.MARKER, "SkylakeX"),
            Map.of(BlasKernels.VARIABLE, ""));
    int i = 0;
    for (String f : CASES.keySet()) {
      Path cpuinfo = dir.resolve("cpuinfo" + i++);
      Files.writeString(
          cpuinfo,
          "processor\t: 0\nflags\t\t: " + f + "\n\nprocessor\t: 1\nflags\t\t: " + f + "\n");
      for (Map<String, String> env : envs) {
        Map<String, String> java = new HashMap<>(env);
        BlasKernels.applyTo(java, BlasKernels.parseFlags(Files.readString(cpuinfo)));
        ProcessBuilder pb =
            new ProcessBuilder(
                "/bin/bash",
                "-c",
                "set -eu; . \"$1\"; echo \"${OPENBLAS_CORETYPE-<unset>}|${TMR_OPENBLAS_CORETYPE_CHOSEN-<unset>}\"",
                "bash",
                script.toString());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("TMR_CPUINFO", cpuinfo.toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        String expected =
            java.getOrDefault(BlasKernels.VARIABLE, "<unset>")
                + "|"
                + java.getOrDefault(BlasKernels.MARKER, "<unset>");
        assertEquals(expected, out, "flags '" + f + "', environment " + env);
      }
    }
  }

  /**
   * The tests run with the launcher's choice (tools/test-jvm/bin/java applies it to Surefire's
   * JVM).
   */
  @Test
  void theTestsRunWithTheLaunchersChoice() {
    String jvm = System.getProperty("tmr.test.jvm", "");
    assumeTrue(
        jvm.endsWith("tools/test-jvm/bin/java"),
        "tests not started through tools/test-jvm/bin/java: " + jvm);
    Map<String, String> env = System.getenv();
    Choice inEffect = BlasKernels.inEffect(env);
    if (inEffect.source() != Source.ENVIRONMENT) {
      assertEquals(
          BlasKernels.forFlags(BlasKernels.cpuFlags()).orElse(null),
          inEffect.coreType(),
          env.toString());
    }
  }

  /**
   * {@link BlasKernels#coreInUse()} reads what OpenBLAS itself reports: checked against the "Core:
   * X" line that OpenBLAS prints at start-up under OPENBLAS_VERBOSE=2, in a fresh JVM (the library
   * reads its variables once, when it loads), with the kernel set forced to Prescott (any x86-64
   * CPU runs it) and with this JVM's own setting.
   */
  @Test
  void theKernelSetInUseIsOpenBlassOwn() throws Exception {
    assumeTrue(
        System.getProperty("os.arch").equals("amd64")
            && System.getProperty("os.name").equals("Linux"),
        "x86-64 Linux only");
    List<Map<String, String>> settings = new ArrayList<>();
    settings.add(Map.of(BlasKernels.VARIABLE, "Prescott"));
    settings.add(Map.of());
    for (Map<String, String> extra : settings) {
      String java = JavaExecutable.current();
      ProcessBuilder pb =
          new ProcessBuilder(
              java, "-cp", System.getProperty("java.class.path"), CoreNameProbe.class.getName());
      pb.environment().putAll(extra);
      pb.environment().put("OPENBLAS_VERBOSE", "2");
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), out);
      String openblas = line(out, "Core: ");
      String ours = line(out, "inUse=");
      assertFalse(ours.startsWith("unknown"), out);
      assertEquals(openblas, ours, out);
      if (extra.containsKey(BlasKernels.VARIABLE)) {
        assertEquals("Prescott", ours, out);
      }
    }
  }

  private static String line(String out, String prefix) throws IOException {
    return out.lines()
        .filter(l -> l.contains(prefix))
        .map(l -> l.substring(l.indexOf(prefix) + prefix.length()).strip())
        .findFirst()
        .orElseThrow(() -> new IOException("no '" + prefix + "' line in:\n" + out));
  }

  /** Loads OpenBLAS and prints what {@link BlasKernels#coreInUse()} reads. */
  public static final class CoreNameProbe {
    public static void main(String[] args) {
      System.out.println("inUse=" + BlasKernels.coreInUse());
    }
  }
}
