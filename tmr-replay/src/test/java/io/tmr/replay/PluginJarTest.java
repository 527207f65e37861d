package io.tmr.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.ConfigKey;
import io.tmr.config.plugin.PluginException;
import io.tmr.config.plugin.PluginInfo;
import io.tmr.config.plugin.PluginJar;
import io.tmr.config.plugin.Plugins;
import io.tmr.config.plugin.TestJars;
import io.tmr.replay.spi.ReplayStrategy;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A strategy compiled outside the library, in a jar on the plugin path: found by name with its own
 * option, recorded with its jar and SHA-256, and refused in one line naming the jar when it
 * clashes.
 */
class PluginJarTest {
  @TempDir Path tmp;

  @AfterEach
  void builtInsAgain() {
    Plugins.install(Plugins.builtInOnly());
  }

  /** A strategy named {@code name} whose option is {@code option}, sampling uniformly. */
  static String strategy(String className, String name, String option) {
    int dot = className.lastIndexOf('.');
    return "package "
        + className.substring(0, dot)
        + ";\n"
        + "import io.tmr.config.ConfigKey;\n"
        + "import io.tmr.replay.ReplayConfig;\n"
        + "import io.tmr.replay.sampling.ProportionalSampler;\n"
        + "import io.tmr.replay.spi.*;\n"
        + "import java.util.List;\n"
        + "public final class "
        + className.substring(dot + 1)
        + " implements ReplayStrategy {\n"
        + "  public static final ConfigKey<Double> OPTION = ConfigKey.real(\""
        + option
        + "\", 0.5, \"an option of the plugin's own\", 0, 1);\n"
        + "  public String name() { return \""
        + name
        + "\"; }\n"
        + "  public String description() { return \"test plugin\"; }\n"
        + "  public List<ConfigKey<?>> options() { return List.of(OPTION); }\n"
        + "  public SamplingPolicy newSampler(ReplayConfig c) { return new ProportionalSampler(c); }\n"
        + "}\n";
  }

  private Plugins plugins(String className, String name, String option) throws Exception {
    Path jar =
        TestJars.builder()
            .source(className, strategy(className, name, option))
            .service(ReplayStrategy.class, className)
            .write(tmp.resolve("plugins/" + name + ".jar"));
    return Plugins.open(Plugins.path(null, null, List.of(jar.getParent())));
  }

  @Test
  void aStrategyFromAJarIsUsedByNameWithItsOptionAndRecordedWithItsJar() throws Exception {
    Plugins plugins = plugins("ext.Outside", "outside", "replay.outside.share");
    Path jar = plugins.jars().get(0).path();
    Plugins.install(plugins);
    ReplayRegistry r = ReplayRegistry.defaultRegistry();
    assertSame(r, ReplayRegistry.defaultRegistry(), "loaded once per installed path");
    assertTrue(r.strategyNames().contains("outside"), r.strategyNames().toString());
    assertTrue(r.strategyNames().contains("prioritized"), "built-ins stay");
    assertTrue(r.spec().contains("replay.outside.share"));
    ReplayConfig config =
        Fixtures.config("outside", 16).set("replay.outside.share", "0.25").build();
    @SuppressWarnings("unchecked")
    ConfigKey<Double> share = (ConfigKey<Double>) r.spec().key("replay.outside.share");
    assertEquals(0.25, config.get(share));
    try (ReplayBuffer buffer = ReplayBuffers.create(config)) {
      assertEquals("outside", buffer.config().strategy());
    }
    List<PluginInfo> used = r.used(config);
    assertEquals(
        new PluginInfo(
            Plugins.REPLAY_STRATEGY,
            "outside",
            "ext.Outside",
            jar.toString(),
            PluginJar.sha256(jar)),
        used.get(0));
    assertEquals(PluginInfo.BUILT_IN, used.get(1).origin(), "fifo eviction is built in");
    assertEquals(PluginInfo.BUILT_IN, used.get(2).origin());
    assertTrue(r.plugins().contains(used.get(0)));

    Plugins.install(Plugins.builtInOnly());
    assertNotSame(r, ReplayRegistry.defaultRegistry(), "another path, another registry");
    assertTrue(!ReplayRegistry.defaultRegistry().strategyNames().contains("outside"));
  }

  @Test
  void aStrategyNamedLikeABuiltInIsOneLineNamingTheJar() throws Exception {
    Plugins plugins = plugins("ext.Clash", "uniform", "replay.uniform.x");
    Path jar = plugins.jars().get(0).path();
    PluginException e = assertThrows(PluginException.class, () -> ReplayRegistry.load(plugins));
    assertTrue(
        e.getMessage().startsWith("two replay-strategy plugins are named 'uniform': "),
        e.getMessage());
    assertTrue(e.getMessage().contains("ext.Clash (jar " + jar + ")"), e.getMessage());
    assertTrue(e.getMessage().contains("(built-in)"), e.getMessage());
  }

  @Test
  void anOptionOutsideThePluginsNamespaceNamesTheJar() throws Exception {
    Plugins plugins = plugins("ext.Sloppy", "sloppy", "replay.other.x");
    Path jar = plugins.jars().get(0).path();
    PluginException e = assertThrows(PluginException.class, () -> ReplayRegistry.load(plugins));
    assertEquals(
        "plugin ext.Sloppy (jar "
            + jar
            + ") ('sloppy') declares option 'replay.other.x': a plugin's options must be named"
            + " replay.sloppy.<option>",
        e.getMessage());
  }
}
