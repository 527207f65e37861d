package io.tmr.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.core.env.BlasKernels;
import io.tmr.core.tensor.Simd;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
  @Test
  void theThreadBudgetReachesEveryPool() {
    ChildJvm j = new ChildJvm("/usr/bin/java", List.of("/a.jar", "/b"), List.of("-Xmx1g"), 3);
    List<String> expected = new ArrayList<>(List.of("/usr/bin/java"));
    expected.addAll(Simd.jvmOptions()); // --add-modules jdk.incubator.vector on a JDK that has it
    expected.addAll(
        List.of(
            "-Xmx1g",
            "-Dtmr.threads=3",
            "-XX:ActiveProcessorCount=3",
            "-cp",
            "/a.jar" + File.pathSeparator + "/b",
            ChildJvm.MAIN,
            "sweep",
            "trial",
            "d"));
    assertEquals(expected, j.command(List.of("sweep", "trial", "d")));
    assertEquals("3", j.environment().get("OMP_NUM_THREADS"));
    assertEquals("3", j.environment().get("OPENBLAS_NUM_THREADS"));
    assertEquals("3", j.processBuilder(List.of()).environment().get("OMP_NUM_THREADS"));
  }

  @Test
  void surefiresManifestOnlyJarIsExpandedToTheRealClassPath() {
    ChildJvm j = ChildJvm.current(List.of(), 1);
    // Under Surefire the class path is one booter jar; the expansion must reach this module's
    // classes.
    assertTrue(
        j.classPath().stream()
            .anyMatch(e -> e.endsWith("test-classes") || e.endsWith("test-classes/")),
        j.classPath().toString());
    assertFalse(
        j.classPath().stream().anyMatch(e -> e.contains("surefirebooter")),
        j.classPath().toString());
  }

  @Test
  void aChildGetsTheLaunchersKernelChoice() {
    Map<String, String> expected = new HashMap<>(System.getenv());
    BlasKernels.applyTo(expected, BlasKernels.cpuFlags());
    Map<String, String> env =
        ChildJvm.current(List.of(), 1).processBuilder(List.of()).environment();
    assertEquals(expected.get(BlasKernels.VARIABLE), env.get(BlasKernels.VARIABLE));
    assertEquals(expected.get(BlasKernels.MARKER), env.get(BlasKernels.MARKER));
    if (System.getenv(BlasKernels.VARIABLE) != null
        && !System.getenv(BlasKernels.VARIABLE).isEmpty()
        && !System.getenv(BlasKernels.VARIABLE).equals(System.getenv(BlasKernels.MARKER))) {
      assertEquals(
          System.getenv(BlasKernels.VARIABLE),
          env.get(BlasKernels.VARIABLE),
          "an explicit setting is never changed");
    }
  }

  /**
   * What a Slurm job script evaluates on its node: the rule applied to that node's CPU and
   * environment.
   */
  @Test
  void theKernelCommandAppliesTheRuleWhereItRuns(@TempDir Path dir) throws Exception {
    Path cpuinfo = dir.resolve("cpuinfo");
    Files.writeString(cpuinfo, "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma\n");
    String cmd =
        String.join(
            " ",
            ChildJvm.current(List.of(), 1).blasKernelsCommand().stream()
                .map(a -> "'" + a + "'")
                .toList());
    // TMR's choice made on an AVX-512 submit host is made again for this AVX2 node; an explicit
    // setting stays.
    assertEquals(
        "Haswell|Haswell",
        onNode(
            cmd,
            cpuinfo,
            Map.of(BlasKernels.VARIABLE, "SkylakeX", BlasKernels.MARKER, "SkylakeX")));
    assertEquals("Haswell|Haswell", onNode(cmd, cpuinfo, Map.of()));
    assertEquals("Prescott|", onNode(cmd, cpuinfo, Map.of(BlasKernels.VARIABLE, "Prescott")));
  }

  private static String onNode(String cmd, Path cpuinfo, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "/bin/bash",
            "-c",
            "set -u; eval \"$("
                + cmd
                + ")\"; echo \"${OPENBLAS_CORETYPE-}|${TMR_OPENBLAS_CORETYPE_CHOSEN-}\"");
    pb.environment().remove(BlasKernels.VARIABLE);
    pb.environment().remove(BlasKernels.MARKER);
    pb.environment().putAll(env);
    pb.environment().put("TMR_CPUINFO", cpuinfo.toString());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out;
  }
}
