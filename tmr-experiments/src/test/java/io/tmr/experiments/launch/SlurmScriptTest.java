package io.tmr.experiments.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.experiments.sweep.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job script's OpenBLAS kernel line, without Slurm: the node applies the launcher's rule to its
 * own CPU.
 */
class SlurmScriptTest {
  @TempDir Path tmp;

  @Test
  void theJobScriptChoosesTheKernelSetOnTheNode() throws Exception {
    LaunchSettings s = new LaunchSettings(tmp, "k", 1, 1, List.of(), false, true, Map.of());
    String script =
        new SlurmLauncher(s, ChildJvm.current(List.of(), 1))
            .script(List.of(new TrialJob("t0", tmp.resolve("t0"))), 0);
    String line =
        script
            .lines()
            .filter(l -> l.startsWith("eval "))
            .findFirst()
            .orElseThrow(() -> new AssertionError(script));
    assertTrue(line.contains("io.tmr.core.env.BlasKernels"), line);
    assertTrue(
        script.indexOf(line) < script.indexOf("exec "), "before the trial JVM starts:\n" + script);
    Path cpuinfo = tmp.resolve("cpuinfo");
    Files.writeString(
        cpuinfo, "flags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw avx512vl avx512dq avx512cd\n");
    ProcessBuilder pb =
        new ProcessBuilder(
            "/bin/bash", "-c", "set -u; " + line + "; echo \"${OPENBLAS_CORETYPE-}\"");
    pb.environment().remove("OPENBLAS_CORETYPE");
    pb.environment().remove("TMR_OPENBLAS_CORETYPE_CHOSEN");
    pb.environment().put("TMR_CPUINFO", cpuinfo.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals("SkylakeX", out);
  }
}
