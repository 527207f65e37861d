package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.plugin.PluginInfo;
import io.tmr.config.plugin.PluginJar;
import io.tmr.config.plugin.Plugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tmr reproduce} re-runs with the plugin jars the run used, or refuses in one line. */
class ReproducePluginsTest {
  @TempDir Path tmp;

  private static PluginInfo strategy(String jar, String sha) {
    return new PluginInfo(Plugins.REPLAY_STRATEGY, "mine", "ext.Mine", jar, sha);
  }

  @Test
  void theRunsJarOnThePathWithTheSameSha256IsEnough() throws Exception {
    PluginInfo recorded = strategy("/old/place/mine.jar", "abc");
    assertEquals(
        List.of(),
        ReproduceCommand.recordedPluginJars(
            List.of(recorded), List.of(strategy("/new/place/mine.jar", "abc"))));
  }

  @Test
  void anUnchangedJarOffThePathIsAddedToTheReRunsPath() throws Exception {
    Path jar = Files.writeString(tmp.resolve("mine.jar"), "jar bytes");
    PluginInfo recorded = strategy(jar.toString(), PluginJar.sha256(jar));
    assertEquals(
        List.of(jar.toString()), ReproduceCommand.recordedPluginJars(List.of(recorded), List.of()));
  }

  @Test
  void aMissingJarIsRefused() {
    Path jar = tmp.resolve("gone.jar");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReproduceCommand.recordedPluginJars(
                    List.of(strategy(jar.toString(), "abc")), List.of()));
    assertEquals(
        "the run used replay-strategy 'mine' from plugin jar "
            + jar
            + " (SHA-256 abc), which is missing; put that jar on the plugin path (--plugins DIR,"
            + " $TMR_PLUGIN_PATH or $TMR_HOME/plugins) to reproduce the run",
        e.getMessage());
  }

  @Test
  void aChangedJarIsRefused() throws Exception {
    Path jar = Files.writeString(tmp.resolve("mine.jar"), "rebuilt");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReproduceCommand.recordedPluginJars(
                    List.of(strategy(jar.toString(), "abc")), List.of()));
    assertTrue(
        e.getMessage()
            .endsWith(
                "which has changed since (SHA-256 now "
                    + PluginJar.sha256(jar)
                    + "); a reproduction needs the jar the run used"),
        e.getMessage());
  }

  @Test
  void anotherJarOrABuiltInOfThatNameOnThePathIsRefused() {
    PluginInfo recorded = strategy("/p/mine.jar", "abc");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReproduceCommand.recordedPluginJars(
                    List.of(recorded), List.of(strategy("/q/mine.jar", "def"))));
    assertTrue(
        e.getMessage().contains("the plugin path now gives it from /q/mine.jar (SHA-256 def)"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ReproduceCommand.recordedPluginJars(
                    List.of(recorded), List.of(strategy(null, null))));
    assertTrue(e.getMessage().contains("now gives it from TMR's built-ins"), e.getMessage());
  }
}
