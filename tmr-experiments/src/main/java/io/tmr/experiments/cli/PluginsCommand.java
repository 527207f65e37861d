package io.tmr.experiments.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tmr.config.plugin.PluginInfo;
import io.tmr.config.plugin.PluginJar;
import io.tmr.config.plugin.Plugins;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tmr plugins}: every registered plugin by kind and name, with its jar and SHA-256. */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    description = {
      "List every registered plugin by kind and name (replay strategies, eviction policies, priority rules,",
      "tasks, corpus sources, launchers, experiments), with the jar it came from (or built-in) and that jar's SHA-256.",
      "Plugin jars are read from $TMR_HOME/plugins/, the folders of $TMR_PLUGIN_PATH and --plugins DIR."
    })
final class PluginsCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--json", description = "Print the plugin path, jars and plugins as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Plugins plugins = Plugins.current();
    List<PluginInfo> all = PluginCatalog.all();
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("path", plugins.path().stream().map(Object::toString).toList());
      out.put(
          "jars",
          plugins.jars().stream()
              .map(j -> Map.of("jar", j.path().toString(), "sha256", j.sha256()))
              .toList());
      out.put("plugins", all);
      System.out.println(JSON.writeValueAsString(out));
      return 0;
    }
    if (plugins.path().isEmpty()) {
      System.out.println(
          "plugin path: empty (put plugin jars in $TMR_HOME/plugins/, a folder of $"
              + Plugins.VARIABLE
              + " or --plugins DIR)");
    } else {
      System.out.println("plugin path:");
      plugins.path().forEach(p -> System.out.println("  " + p));
      System.out.println("plugin jars:");
      if (plugins.jars().isEmpty()) {
        System.out.println("  (none)");
      }
      for (PluginJar j : plugins.jars()) {
        System.out.println("  " + j.path() + "  sha256 " + j.sha256());
      }
    }
    int kindWidth = Math.max(4, all.stream().mapToInt(i -> i.kind().length()).max().orElse(4));
    int nameWidth = Math.max(4, all.stream().mapToInt(i -> i.name().length()).max().orElse(4));
    int sourceWidth = Math.max(6, all.stream().mapToInt(i -> i.origin().length()).max().orElse(6));
    String row = "%-" + kindWidth + "s  %-" + nameWidth + "s  %-" + sourceWidth + "s  %s%n";
    System.out.println();
    System.out.printf(row, "kind", "name", "source", "sha256");
    for (PluginInfo i : all) {
      System.out.printf(row, i.kind(), i.name(), i.origin(), i.sha256() == null ? "-" : i.sha256());
    }
    long external = all.stream().filter(i -> i.jar() != null).count();
    System.out.printf(
        "%n%d plugins, %d from %d plugin jar(s)%n", all.size(), external, plugins.jars().size());
    return 0;
  }
}
