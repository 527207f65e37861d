package io.tmr.config.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Plugin jars for tests, made the way a user makes them: Java sources compiled against TMR (this
 * JVM's class path) and packed with their {@code META-INF/services} files. Shared with other
 * modules' tests through tmr-config's test-jar.
 */
public final class TestJars {
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, List<String>> services = new LinkedHashMap<>();
  private final Set<String> omitted = new HashSet<>();

  private TestJars() {}

  public static TestJars builder() {
    return new TestJars();
  }

  /** A class: its binary name and source text. */
  public TestJars source(String className, String text) {
    sources.put(className, text);
    return this;
  }

  /** A line of {@code META-INF/services/<service>}. */
  public TestJars service(Class<?> service, String implementation) {
    return service(service.getName(), implementation);
  }

  public TestJars service(String service, String implementation) {
    services.computeIfAbsent(service, k -> new ArrayList<>()).add(implementation);
    return this;
  }

  /** Compiles {@code className} but leaves it out of the jar (a missing dependency). */
  public TestJars omit(String className) {
    omitted.add(className);
    return this;
  }

  /** Compiles the sources and writes the jar; returns it. */
  public Path write(Path jar) throws IOException {
    Path work = Files.createTempDirectory("tmr-test-jar");
    Path src = work.resolve("src");
    Path classes = Files.createDirectories(work.resolve("classes"));
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-classpath",
                System.getProperty("java.class.path"),
                "-proc:none",
                "-nowarn"));
    for (Map.Entry<String, String> e : sources.entrySet()) {
      Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
      args.add(f.toString());
    }
    if (!sources.isEmpty()) {
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      if (javac == null) {
        throw new IllegalStateException("tests need a JDK (no Java compiler in this JVM)");
      }
      int rc = javac.run(null, null, null, args.toArray(new String[0]));
      if (rc != 0) {
        throw new IllegalStateException("javac failed (exit " + rc + ") for " + sources.keySet());
      }
    }
    Files.createDirectories(jar.toAbsolutePath().getParent());
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = classes.relativize(f).toString().replace('\\', '/');
        String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
        String outer =
            className.contains("$") ? className.substring(0, className.indexOf('$')) : className;
        if (omitted.contains(outer)) {
          continue;
        }
        out.putNextEntry(new JarEntry(name));
        Files.copy(f, out);
        out.closeEntry();
      }
      for (Map.Entry<String, List<String>> e : services.entrySet()) {
        out.putNextEntry(new JarEntry("META-INF/services/" + e.getKey()));
        write(out, String.join("\n", e.getValue()) + "\n");
        out.closeEntry();
      }
    }
    return jar;
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
