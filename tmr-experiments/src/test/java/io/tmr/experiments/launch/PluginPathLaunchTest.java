package io.tmr.experiments.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.plugin.Plugins;
import io.tmr.experiments.sweep.ChildJvm;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Child JVMs (local trials, fine-tuning, reproduce) and Slurm job scripts carry the plugin path.
 */
class PluginPathLaunchTest {
  @TempDir Path tmp;

  @AfterEach
  void builtInsAgain() {
    Plugins.install(Plugins.builtInOnly());
  }

  @Test
  void childrenAndSlurmScriptsGetThisProcesssPluginPath() throws Exception {
    Path a = Files.createDirectories(tmp.resolve("a b"));
    Path b = Files.createDirectories(tmp.resolve("c"));
    Plugins.install(Plugins.open(Plugins.path(null, a.toString(), List.of(b))));
    String expected = a + File.pathSeparator + b;

    ChildJvm child = ChildJvm.current(List.of(), 1);
    assertEquals(List.of(a.toString(), b.toString()), child.pluginPath());
    assertEquals(expected, child.environment().get(Plugins.VARIABLE));
    assertEquals(expected, child.processBuilder(List.of()).environment().get(Plugins.VARIABLE));
    assertEquals(
        expected + File.pathSeparator + "/x/run.jar",
        child.withPlugins(List.of("/x/run.jar", a.toString())).environment().get(Plugins.VARIABLE));

    LaunchSettings s = new LaunchSettings(tmp, "k", 1, 1, List.of(), false, true, Map.of());
    String script =
        new SlurmLauncher(s, child).script(List.of(new TrialJob("t0", tmp.resolve("t0"))), 0);
    String export = "export " + Plugins.VARIABLE + "=" + Shell.quote(expected);
    assertTrue(script.contains(export + "\n"), script);
    assertTrue(script.indexOf(export) < script.indexOf("exec "), script);

    Plugins.install(Plugins.builtInOnly());
    ChildJvm plain = ChildJvm.current(List.of(), 1);
    assertFalse(plain.environment().containsKey(Plugins.VARIABLE));
  }
}
