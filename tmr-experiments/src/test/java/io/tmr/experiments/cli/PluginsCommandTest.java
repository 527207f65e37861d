package io.tmr.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tmr.config.plugin.PluginJar;
import io.tmr.config.plugin.Plugins;
import io.tmr.config.plugin.TestJars;
import io.tmr.experiments.launch.LauncherProvider;
import io.tmr.replay.spi.ReplayStrategy;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin path from the command line: {@code --plugins DIR} before or after the command, {@code
 * tmr plugins} with jars and SHA-256, plugin options in {@code tmr pretrain --options}, and broken
 * jars as one line naming the jar and the class.
 */
class PluginsCommandTest {
  @TempDir Path tmp;

  @AfterEach
  void builtInsAgain() {
    Plugins.install(Plugins.builtInOnly());
  }

  /**
   * A jar with a replay strategy ({@code outside}, option {@code replay.outside.share}) and a
   * launcher.
   */
  static Path pluginJar(Path file) throws Exception {
    return TestJars.builder()
        .source(
            "ext.Outside",
            "package ext;\n"
                + "import io.tmr.config.ConfigKey;\n"
                + "import io.tmr.replay.ReplayConfig;\n"
                + "import io.tmr.replay.sampling.ProportionalSampler;\n"
                + "import io.tmr.replay.spi.*;\n"
                + "import java.util.List;\n"
                + "public final class Outside implements ReplayStrategy {\n"
                + "  public static final ConfigKey<Double> SHARE = ConfigKey.real(\"replay.outside.share\", 0.5,"
                + " \"outside plugin: a share\", 0, 1);\n"
                + "  public String name() { return \"outside\"; }\n"
                + "  public String description() { return \"a strategy from a jar\"; }\n"
                + "  public List<ConfigKey<?>> options() { return List.of(SHARE); }\n"
                + "  public SamplingPolicy newSampler(ReplayConfig c) { return new ProportionalSampler(c); }\n"
                + "}\n")
        .source(
            "ext.Dummy",
            "package ext;\n"
                + "import io.tmr.experiments.launch.*;\n"
                + "public final class Dummy implements LauncherProvider {\n"
                + "  public String name() { return \"dummy\"; }\n"
                + "  public String description() { return \"a launcher from a jar\"; }\n"
                + "  public Launcher create(LaunchSettings s) { throw new UnsupportedOperationException(); }\n"
                + "}\n")
        .service(ReplayStrategy.class, "ext.Outside")
        .service(LauncherProvider.class, "ext.Dummy")
        .write(file);
  }

  @Test
  void pluginsListsEveryKindWithTheJarAndItsSha256() throws Exception {
    Path jar = pluginJar(tmp.resolve("plugins/outside.jar"));
    String sha = PluginJar.sha256(jar);
    for (String[] args :
        new String[][] {
          {"--plugins", jar.getParent().toString(), "plugins"},
          {"plugins", "--plugins", jar.getParent().toString()}
        }) {
      String[] r = TestCli.run(args);
      assertEquals("0", r[0], r[2]);
      String out = r[1];
      assertTrue(out.contains(jar + "  sha256 " + sha), out);
      assertTrue(
          out.lines()
              .anyMatch(
                  l ->
                      l.matches(
                          "replay-strategy\\s+outside\\s+"
                              + java.util.regex.Pattern.quote(jar.toString())
                              + "\\s+"
                              + sha)),
          out);
      assertTrue(out.lines().anyMatch(l -> l.matches("launcher\\s+dummy\\s+.*" + sha)), out);
      assertTrue(
          out.lines().anyMatch(l -> l.matches("replay-strategy\\s+prioritized\\s+built-in\\s+-")),
          out);
      for (String kind :
          new String[] {
            "eviction-policy", "priority-rule", "task", "corpus-source", "launcher", "experiment"
          }) {
        assertTrue(out.lines().anyMatch(l -> l.startsWith(kind + " ")), kind + "\n" + out);
      }
    }
    String[] json = TestCli.run("--plugins", jar.getParent().toString(), "plugins", "--json");
    assertEquals("0", json[0], json[2]);
    assertTrue(json[1].contains("\"sha256\" : \"" + sha + "\""), json[1]);
  }

  @Test
  void aPluginsOptionsAreListedAndValidatedByPretrain() throws Exception {
    Path jar = pluginJar(tmp.resolve("plugins/outside.jar"));
    String[] r = TestCli.run("--plugins", jar.getParent().toString(), "pretrain", "--options");
    assertEquals("0", r[0], r[2]);
    assertTrue(r[1].contains("replay.outside.share"), r[1]);
    String[] bad =
        TestCli.run(
            "--plugins",
            jar.getParent().toString(),
            "pretrain",
            "--replay",
            "--set",
            "replay.strategy=outside",
            "--set",
            "replay.outside.share=2",
            "--run-dir",
            tmp.resolve("run").toString());
    assertEquals("1", bad[0]);
    assertTrue(bad[2].contains("replay.outside.share"), bad[2]);
    // Without the plugin path the option is unknown.
    String[] none = TestCli.run("pretrain", "--options");
    assertFalse(none[1].contains("replay.outside.share"));
  }

  @Test
  void aBrokenJarIsOneLineNamingTheJarAndTheClass() throws Exception {
    Path jar =
        TestJars.builder()
            .service(ReplayStrategy.class, "ext.Missing")
            .write(tmp.resolve("broken/missing.jar"));
    String[] r = TestCli.run("--plugins", jar.getParent().toString(), "plugins");
    assertEquals("1", r[0]);
    assertEquals(
        "tmr plugins: plugin jar "
            + jar
            + ": META-INF/services/io.tmr.replay.spi.ReplayStrategy lists ext.Missing, which is not"
            + " in the jar (nor on TMR's class path)",
        r[2].strip());
  }

  @Test
  void twoJarsWithOnePluginNameAreOneLineNamingBoth() throws Exception {
    Path a = pluginJar(tmp.resolve("two/a.jar"));
    Path b = pluginJar(tmp.resolve("two/b.jar"));
    String[] r = TestCli.run("--plugins", a.getParent().toString(), "plugins");
    assertEquals("1", r[0]);
    String line = r[2].strip();
    assertFalse(line.contains("\n"), line);
    assertEquals(
        "tmr plugins: two ReplayStrategy plugins are class ext.Outside: plugin jar "
            + a
            + " and plugin jar "
            + b
            + " both list it (two versions of one plugin?); remove one",
        line);
  }

  @Test
  void aMissingPluginFolderIsOneLine() {
    Path missing = tmp.resolve("nope");
    String[] r = TestCli.run("--plugins", missing.toString(), "plugins");
    assertEquals("1", r[0]);
    assertEquals(
        "tmr: plugin folder " + missing + " (from --plugins) does not exist", r[2].strip());
  }
}
