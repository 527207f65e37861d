package io.tmr.config.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin path: where jars are found, which jar a plugin came from, and one-line errors naming
 * the jar and the class for every way a plugin jar can be broken.
 */
class PluginsTest {
  @TempDir Path tmp;

  static String greeter(String className, String name) {
    int dot = className.lastIndexOf('.');
    return "package "
        + className.substring(0, dot)
        + ";\npublic class "
        + className.substring(dot + 1)
        + " implements io.tmr.config.plugin.Greeter {\n  public String name() { return \""
        + name
        + "\"; }\n}\n";
  }

  private Path jar(String file, String className, String name) throws Exception {
    return TestJars.builder()
        .source(className, greeter(className, name))
        .service(Greeter.class, className)
        .write(tmp.resolve(file));
  }

  @Test
  void thePathIsHomeThenVariableThenFoldersEachOnce() throws Exception {
    Path home = tmp.resolve("home");
    Path homePlugins = Files.createDirectories(home.resolve("plugins"));
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    List<Plugins.Entry> path =
        Plugins.path(home, a + java.io.File.pathSeparator + homePlugins, List.of(b, a));
    assertEquals(List.of(homePlugins, a, b), path.stream().map(Plugins.Entry::path).toList());
    assertEquals("$TMR_HOME/plugins", path.get(0).from());
    assertEquals(Plugins.VARIABLE, path.get(1).from());
    assertEquals("--plugins", path.get(2).from());
    // No $TMR_HOME/plugins folder: nothing from home, and no error.
    assertTrue(Plugins.path(tmp.resolve("nohome"), null, List.of()).isEmpty());
    assertTrue(Plugins.open(List.of()) == Plugins.builtInOnly());
  }

  @Test
  void aMissingFolderIsOneLineNamingItAndWhereItWasGiven() {
    Path missing = tmp.resolve("nope");
    PluginException e =
        assertThrows(PluginException.class, () -> Plugins.path(null, null, List.of(missing)));
    assertEquals("plugin folder " + missing + " (from --plugins) does not exist", e.getMessage());
    e =
        assertThrows(
            PluginException.class, () -> Plugins.path(null, missing.toString(), List.of()));
    assertTrue(e.getMessage().contains("(from " + Plugins.VARIABLE + ")"), e.getMessage());
  }

  @Test
  void aJarsPluginsAreFoundAndNameTheirJarAndItsSha256() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("plugins"));
    Path jar = jar("plugins/hello.jar", "ext.Hello", "hello");
    Plugins p = Plugins.open(Plugins.path(null, null, List.of(dir)));
    assertEquals(1, p.jars().size());
    assertEquals(jar.toAbsolutePath(), p.jars().get(0).path());
    String sha = PluginJar.sha256(jar);
    assertEquals(64, sha.length());
    assertEquals(sha, p.jars().get(0).sha256());
    Map<String, Greeter> byName = p.byName(Greeter.class, "greeter", Greeter::name);
    assertEquals(List.of("hello"), List.copyOf(byName.keySet()));
    Class<?> type = byName.get("hello").getClass();
    PluginInfo info = p.info("greeter", "hello", type);
    assertEquals(new PluginInfo("greeter", "hello", "ext.Hello", jar.toString(), sha), info);
    assertEquals(jar.toString(), info.origin());
    assertEquals("ext.Hello (jar " + jar + ")", p.describe(type));
    // A class of TMR's own is built in.
    PluginInfo builtIn = p.info("greeter", "x", PluginsTest.class);
    assertEquals(PluginInfo.BUILT_IN, builtIn.origin());
    assertEquals(null, builtIn.sha256());
    assertEquals(dir.toString(), p.pathVariable());
  }

  @Test
  void aListedClassMissingFromTheJarNamesTheJarAndTheClass() throws Exception {
    Path jar =
        TestJars.builder().service(Greeter.class, "ext.Ghost").write(tmp.resolve("p/ghost.jar"));
    String m = error(jar);
    assertEquals(
        "plugin jar "
            + jar
            + ": META-INF/services/io.tmr.config.plugin.Greeter lists ext.Ghost, which is not in"
            + " the jar (nor on TMR's class path)",
        m);
  }

  @Test
  void aClassOfTheWrongInterfaceNamesTheJarAndTheClass() throws Exception {
    Path jar =
        TestJars.builder()
            .source("ext.NotAGreeter", "package ext;\npublic class NotAGreeter {}\n")
            .service(Greeter.class, "ext.NotAGreeter")
            .write(tmp.resolve("p/wrong.jar"));
    String m = error(jar);
    assertTrue(m.startsWith("plugin jar " + jar + ": "), m);
    assertTrue(
        m.endsWith("lists ext.NotAGreeter, which does not implement io.tmr.config.plugin.Greeter"),
        m);
  }

  @Test
  void aClassWhoseDependencyIsMissingNamesTheJarTheClassAndTheMissingOne() throws Exception {
    Path jar =
        TestJars.builder()
            .source(
                "ext.Helper",
                "package ext;\npublic class Helper { static String n() { return \"h\"; } }\n")
            .source(
                "ext.Needy",
                "package ext;\npublic class Needy extends Helper implements"
                    + " io.tmr.config.plugin.Greeter {\n  public String name() { return n(); }\n}\n")
            .service(Greeter.class, "ext.Needy")
            .omit("ext.Helper")
            .write(tmp.resolve("p/needy.jar"));
    String m = error(jar);
    assertTrue(m.startsWith("plugin jar " + jar + ": "), m);
    assertTrue(m.contains("lists ext.Needy, which cannot be loaded: it needs class ext.Helper"), m);
  }

  @Test
  void aClassWithoutAPublicNoArgumentConstructorIsNamed() throws Exception {
    Path jar =
        TestJars.builder()
            .source(
                "ext.Picky",
                "package ext;\npublic class Picky implements io.tmr.config.plugin.Greeter {\n"
                    + "  public Picky(int x) {}\n  public String name() { return \"p\"; }\n}\n")
            .service(Greeter.class, "ext.Picky")
            .write(tmp.resolve("p/picky.jar"));
    String m = error(jar);
    assertTrue(m.endsWith("lists ext.Picky, which has no public constructor without arguments"), m);
  }

  @Test
  void twoPluginsWithOneNameNameBothJarsAndClasses() throws Exception {
    Path dir = tmp.resolve("two");
    Path one = jar("two/one.jar", "ext.One", "same");
    Path two = jar("two/two.jar", "ext.Two", "same");
    Plugins p = Plugins.open(Plugins.path(null, null, List.of(dir)));
    PluginException e =
        assertThrows(
            PluginException.class, () -> p.byName(Greeter.class, "greeter", Greeter::name));
    assertEquals(
        "two greeter plugins are named 'same': ext.One (jar "
            + one
            + ") and ext.Two (jar "
            + two
            + "); remove or rename one",
        e.getMessage());
  }

  @Test
  void twoVersionsOfOnePluginAreRefusedNamingBothJars() throws Exception {
    Path one = jar("v/hello-1.0.jar", "ext.Hello", "hello");
    Path two = jar("v/hello-1.1.jar", "ext.Hello", "hello");
    Plugins p = Plugins.open(Plugins.path(null, null, List.of(one.getParent())));
    PluginException e = assertThrows(PluginException.class, () -> p.load(Greeter.class));
    assertEquals(
        "two Greeter plugins are class ext.Hello: plugin jar "
            + one
            + " and plugin jar "
            + two
            + " both list it (two versions of one plugin?); remove one",
        e.getMessage());
  }

  @Test
  void theSameJarInTwoFoldersOfThePathIsLoadedOnce() throws Exception {
    Path jar = jar("a/hello.jar", "ext.Hello", "hello");
    Plugins p = Plugins.open(Plugins.path(null, jar.toString(), List.of(jar.getParent())));
    assertEquals(1, p.jars().size());
    assertEquals(1, p.load(Greeter.class).size());
  }

  /** The one-line message of loading greeters from {@code jar}'s folder. */
  private static String error(Path jar) {
    Plugins p = Plugins.open(Plugins.path(null, null, List.of(jar.getParent())));
    PluginException e = assertThrows(PluginException.class, () -> p.load(Greeter.class));
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    return e.getMessage();
  }
}
