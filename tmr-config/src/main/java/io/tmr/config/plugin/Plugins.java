package io.tmr.config.plugin;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The plugins of this process: the jars of the plugin path and the class loader that sees them
 * (parent: TMR's own class path, so built-ins and plugins are found alike). The plugin path is, in
 * this order, {@code $TMR_HOME/plugins/}, the entries of {@code TMR_PLUGIN_PATH} (folders or jars,
 * separated by {@code :}) and every {@code --plugins DIR}; a folder contributes its {@code *.jar}
 * files in name order.
 *
 * <p>The CLI {@linkplain #install installs} one instance at start; every registry loads through
 * {@link #current()} ({@link #load}), so a plugin jar adds plugins of every kind, and the child
 * JVMs of sweeps and {@code tmr reproduce} (and Slurm jobs) get the same path through {@value
 * #VARIABLE}. Until something is installed only the built-ins are visible.
 */
public final class Plugins {
  /** The environment variable of extra plugin folders (and jars). */
  public static final String VARIABLE = "TMR_PLUGIN_PATH";

  public static final String REPLAY_STRATEGY = "replay-strategy";
  public static final String EVICTION_POLICY = "eviction-policy";
  public static final String PRIORITY_RULE = "priority-rule";
  public static final String TASK = "task";
  public static final String CORPUS_SOURCE = "corpus-source";
  public static final String LAUNCHER = "launcher";
  public static final String EXPERIMENT = "experiment";

  private static final Plugins BUILT_IN_ONLY =
      new Plugins(Plugins.class.getClassLoader(), List.of(), List.of());
  private static volatile Plugins installed = BUILT_IN_ONLY;

  private final ClassLoader loader;
  private final List<Path> path;
  private final List<PluginJar> jars;

  private Plugins(ClassLoader loader, List<Path> path, List<PluginJar> jars) {
    this.loader = loader;
    this.path = List.copyOf(path);
    this.jars = List.copyOf(jars);
  }

  /** The installed plugins (only the built-ins until {@link #install} is called). */
  public static Plugins current() {
    return installed;
  }

  /** Makes {@code plugins} the process's plugins: every registry loads through it from now on. */
  public static void install(Plugins plugins) {
    installed = plugins;
  }

  /** No plugin jars: TMR's own class path only. */
  public static Plugins builtInOnly() {
    return BUILT_IN_ONLY;
  }

  /**
   * The plugins {@code loader} sees, with no plugin jars of its own (every plugin counts as built
   * in): for a registry over a class loader built elsewhere.
   */
  public static Plugins over(ClassLoader loader) {
    return loader == BUILT_IN_ONLY.loader
        ? BUILT_IN_ONLY
        : new Plugins(loader, List.of(), List.of());
  }

  /** One entry of the plugin path and where it was given, for messages. */
  public record Entry(Path path, String from) {}

  /**
   * The plugin path of a process: {@code home/plugins} when it exists, the entries of {@code
   * variable} (the value of {@value #VARIABLE}; null or blank: none), then {@code folders} ({@code
   * --plugins}). Entries are absolute and given once.
   *
   * @throws PluginException when an entry of {@code variable} or {@code folders} does not exist
   */
  public static List<Entry> path(Path home, String variable, List<Path> folders) {
    Map<Path, Entry> out = new LinkedHashMap<>();
    if (home != null) {
      Path dir = home.resolve("plugins").toAbsolutePath().normalize();
      if (Files.isDirectory(dir)) {
        out.put(dir, new Entry(dir, "$TMR_HOME/plugins"));
      }
    }
    if (variable != null) {
      for (String e : variable.split(File.pathSeparator)) {
        if (!e.isBlank()) {
          Path p = Path.of(e.strip()).toAbsolutePath().normalize();
          out.putIfAbsent(p, new Entry(p, VARIABLE));
        }
      }
    }
    for (Path f : folders) {
      Path p = f.toAbsolutePath().normalize();
      out.putIfAbsent(p, new Entry(p, "--plugins"));
    }
    for (Entry e : out.values()) {
      if (!Files.exists(e.path())) {
        throw new PluginException(
            "plugin folder " + e.path() + " (from " + e.from() + ") does not exist");
      }
      if (Files.isRegularFile(e.path()) && !e.path().toString().endsWith(".jar")) {
        throw new PluginException(
            "plugin path entry "
                + e.path()
                + " (from "
                + e.from()
                + ") is neither a folder nor a jar");
      }
    }
    return List.copyOf(out.values());
  }

  /**
   * The plugins of the jars on {@code path} (folders: their {@code *.jar} files in name order), in
   * a class loader whose parent is TMR's own. An empty path gives {@link #builtInOnly()}.
   */
  public static Plugins open(List<Entry> path) {
    if (path.isEmpty()) {
      return BUILT_IN_ONLY;
    }
    Set<Path> seen = new LinkedHashSet<>();
    List<PluginJar> jars = new ArrayList<>();
    for (Entry e : path) {
      List<Path> found;
      if (Files.isDirectory(e.path())) {
        try (Stream<Path> s = Files.list(e.path())) {
          found =
              s.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                  .sorted()
                  .toList();
        } catch (IOException x) {
          throw new PluginException(
              "plugin folder " + e.path() + " (from " + e.from() + ") cannot be read: " + x, x);
        }
      } else {
        found = List.of(e.path());
      }
      for (Path jar : found) {
        Path real;
        try {
          real = jar.toRealPath();
        } catch (IOException x) {
          real = jar;
        }
        if (!seen.add(real)) {
          continue;
        }
        try {
          jars.add(PluginJar.of(jar));
        } catch (IOException x) {
          throw new PluginException("plugin jar " + jar + " cannot be read: " + x.getMessage(), x);
        }
      }
    }
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = jars.get(i).path().toUri().toURL();
      } catch (MalformedURLException x) {
        throw new PluginException("plugin jar " + jars.get(i).path() + " has no URL: " + x, x);
      }
    }
    ClassLoader loader = new URLClassLoader("tmr-plugins", urls, Plugins.class.getClassLoader());
    return new Plugins(loader, path.stream().map(Entry::path).toList(), jars);
  }

  /** The class loader every registry loads plugins through. */
  public ClassLoader classLoader() {
    return loader;
  }

  /** The plugin path's entries (folders or jars), absolute. */
  public List<Path> path() {
    return path;
  }

  /** The path as the value of {@value #VARIABLE} (entries joined by the path separator). */
  public String pathVariable() {
    return String.join(File.pathSeparator, path.stream().map(Path::toString).toList());
  }

  /** The jars on the path, in load order. */
  public List<PluginJar> jars() {
    return jars;
  }

  /** The plugin jar {@code type} was loaded from; empty when it is built in. */
  public Optional<PluginJar> jarOf(Class<?> type) {
    if (jars.isEmpty()) {
      return Optional.empty();
    }
    Path p = location(type);
    if (p == null) {
      return Optional.empty();
    }
    for (PluginJar j : jars) {
      if (j.path().equals(p)) {
        return Optional.of(j);
      }
    }
    return Optional.empty();
  }

  private static Path location(Class<?> type) {
    CodeSource cs = type.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * What a manifest records of plugin {@code name} of {@code kind}, implemented by {@code type}.
   */
  public PluginInfo info(String kind, String name, Class<?> type) {
    Optional<PluginJar> jar = jarOf(type);
    return new PluginInfo(
        kind,
        name,
        type.getName(),
        jar.map(j -> j.path().toString()).orElse(null),
        jar.map(PluginJar::sha256).orElse(null));
  }

  /** {@code com.x.Y (jar /a/b.jar)} or {@code com.x.Y (built-in)}, for messages. */
  public String describe(Class<?> type) {
    return type.getName()
        + jarOf(type).map(j -> " (jar " + j.path() + ")").orElse(" (" + PluginInfo.BUILT_IN + ")");
  }

  /**
   * Every plugin of {@code type} registered on the built-in class path and in the plugin jars
   * ({@link ServiceLoader}), in registration order.
   *
   * @throws PluginException one line naming the jar and the class when a jar lists a class that is
   *     missing, cannot be loaded, does not implement {@code type} or cannot be created
   */
  public <T> List<T> load(Class<T> type) {
    List<T> out = new ArrayList<>();
    try {
      Iterator<T> it = ServiceLoader.load(type, loader).iterator();
      while (it.hasNext()) {
        out.add(it.next());
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new PluginException(diagnose(type, e), e);
    }
    if (!jars.isEmpty()) {
      sameClassTwice(type);
    }
    return out;
  }

  /**
   * {@link ServiceLoader} takes a class listed by two jars once, from the first: two versions of
   * one plugin on the path would go unnoticed, so they are refused, naming both jars.
   */
  private void sameClassTwice(Class<?> type) {
    String resource = "META-INF/services/" + type.getName();
    Map<String, String> listedBy = new LinkedHashMap<>();
    try {
      for (URL file : Collections.list(loader.getResources(resource))) {
        String origin = origin(file);
        for (String className : classNames(file)) {
          String first = listedBy.putIfAbsent(className, origin);
          if (first != null && !first.equals(origin)) {
            throw new PluginException(
                "two "
                    + type.getSimpleName()
                    + " plugins are class "
                    + className
                    + ": "
                    + first
                    + " and "
                    + origin
                    + " both list it (two versions of one plugin?); remove one");
          }
        }
      }
    } catch (IOException e) {
      throw new PluginException("cannot read " + resource + " of the plugin jars: " + e, e);
    }
  }

  /**
   * The plugins of {@code type} by name ({@code kind} names them in messages), in registration
   * order.
   *
   * @throws PluginException when a plugin has no name or two have one name (naming both classes and
   *     their jars), or as {@link #load}
   */
  public <T> Map<String, T> byName(Class<T> type, String kind, Function<T, String> name) {
    Map<String, T> out = new LinkedHashMap<>();
    for (T plugin : load(type)) {
      String key;
      try {
        key = name.apply(plugin);
      } catch (RuntimeException | LinkageError e) {
        throw new PluginException(
            kind + " plugin " + describe(plugin.getClass()) + " fails to give its name: " + e, e);
      }
      if (key == null || key.isBlank()) {
        throw new PluginException(kind + " plugin " + describe(plugin.getClass()) + " has no name");
      }
      T previous = out.putIfAbsent(key, plugin);
      if (previous != null) {
        throw new PluginException(duplicate(kind, key, previous.getClass(), plugin.getClass()));
      }
    }
    return out;
  }

  /** The message for two plugins of one kind with one name. */
  public String duplicate(String kind, String name, Class<?> first, Class<?> second) {
    return "two "
        + kind
        + " plugins are named '"
        + name
        + "': "
        + describe(first)
        + " and "
        + describe(second)
        + "; remove or rename one";
  }

  /**
   * Finds the services entry behind a {@link ServiceLoader} failure and says, in one line, which
   * jar lists which class and what is wrong with it.
   */
  private String diagnose(Class<?> type, Throwable failure) {
    String resource = "META-INF/services/" + type.getName();
    try {
      Enumeration<URL> files = loader.getResources(resource);
      for (URL file : Collections.list(files)) {
        String origin = origin(file);
        for (String className : classNames(file)) {
          String problem = problem(type, className);
          if (problem != null) {
            return origin + ": " + resource + " lists " + className + ", which " + problem;
          }
        }
      }
    } catch (IOException e) {
      // fall through to the loader's own message
    }
    return "cannot load "
        + type.getSimpleName()
        + " plugins: "
        + String.valueOf(failure.getMessage()).replace('\n', ' ');
  }

  /** {@code plugin jar /a/b.jar} or {@code class path entry /x/classes}. */
  private static String origin(URL servicesFile) {
    try {
      if (servicesFile.getProtocol().equals("jar")) {
        URL jar = ((JarURLConnection) servicesFile.openConnection()).getJarFileURL();
        return "plugin jar " + Path.of(jar.toURI());
      }
      Path f = Path.of(servicesFile.toURI());
      return "class path entry " + f.getParent().getParent().getParent();
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return String.valueOf(servicesFile);
    }
  }

  private static List<String> classNames(URL servicesFile) throws IOException {
    List<String> out = new ArrayList<>();
    var connection = servicesFile.openConnection();
    connection.setUseCaches(false);
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        int hash = line.indexOf('#');
        String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
        if (!name.isEmpty()) {
          out.add(name);
        }
      }
    }
    return out;
  }

  /** What is wrong with provider {@code className} of {@code type}; null when nothing is. */
  private String problem(Class<?> type, String className) {
    Class<?> c;
    try {
      c = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      return "is not in the jar (nor on TMR's class path)";
    } catch (LinkageError e) {
      return "cannot be loaded: " + linkage(e);
    }
    if (!type.isAssignableFrom(c)) {
      return "does not implement " + type.getName();
    }
    if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
      return "is abstract: list a concrete class";
    }
    try {
      c.getConstructor();
    } catch (NoSuchMethodException e) {
      return "has no public constructor without arguments";
    } catch (LinkageError e) {
      return "cannot be loaded: " + linkage(e);
    }
    try {
      Class.forName(className, true, loader).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return "could not be created: " + cause;
    } catch (LinkageError e) {
      return "cannot be loaded: " + linkage(e);
    } catch (RuntimeException e) {
      return "could not be created: " + e;
    }
    return null;
  }

  private static String linkage(LinkageError e) {
    if (e instanceof NoClassDefFoundError) {
      return "it needs class "
          + String.valueOf(e.getMessage()).replace('/', '.')
          + ", which is missing (put the jar that holds it on the plugin path too)";
    }
    return e.toString().replace('\n', ' ');
  }
}
