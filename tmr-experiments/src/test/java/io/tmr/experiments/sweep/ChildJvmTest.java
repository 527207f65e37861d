package io.tmr.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildJvmTest {
  @Test
  void theThreadBudgetReachesEveryPool() {
    ChildJvm j = new ChildJvm("/usr/bin/java", List.of("/a.jar", "/b"), List.of("-Xmx1g"), 3);
    assertEquals(List.of("/usr/bin/java", "-Xmx1g", "-Dtmr.threads=3", "-XX:ActiveProcessorCount=3", "-cp", "/a.jar" + File.pathSeparator + "/b",
        ChildJvm.MAIN, "sweep", "trial", "d"), j.command(List.of("sweep", "trial", "d")));
    assertEquals("3", j.environment().get("OMP_NUM_THREADS"));
    assertEquals("3", j.environment().get("OPENBLAS_NUM_THREADS"));
    assertEquals("3", j.processBuilder(List.of()).environment().get("OMP_NUM_THREADS"));
  }

  @Test
  void surefiresManifestOnlyJarIsExpandedToTheRealClassPath() {
    ChildJvm j = ChildJvm.current(List.of(), 1);
    // Under Surefire the class path is one booter jar; the expansion must reach this module's classes.
    assertTrue(j.classPath().stream().anyMatch(e -> e.endsWith("test-classes") || e.endsWith("test-classes/")), j.classPath().toString());
    assertFalse(j.classPath().stream().anyMatch(e -> e.contains("surefirebooter")), j.classPath().toString());
  }
}
