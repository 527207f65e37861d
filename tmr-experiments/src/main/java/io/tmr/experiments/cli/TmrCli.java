package io.tmr.experiments.cli;

import io.tmr.config.plugin.PluginException;
import io.tmr.config.plugin.Plugins;
import io.tmr.core.io.TmrHome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code tmr} command. */
@Command(
    name = "tmr",
    mixinStandardHelpOptions = true,
    versionProvider = TmrCli.Version.class,
    description = "TMR: Transformer with Memory Replay — replay buffers in ELECTRA pretraining.",
    subcommands = {
      QuickstartCommand.class,
      DoctorCommand.class,
      CorpusCommand.class,
      VocabCommand.class,
      TokenizeCommand.class,
      ScoreCommand.class,
      PretrainCommand.class,
      ExportCommand.class,
      FinetuneCommand.class,
      BenchCommand.class,
      ExperimentsCommand.class,
      SweepCommand.class,
      ReportCommand.class,
      CompareCommand.class,
      ReproduceCommand.class,
      PluginsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TmrCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  static final String PLUGINS_OPTION = "--plugins";

  /**
   * Read from the parse result by {@link #installPlugins} (the option is inherited, so it is
   * accepted before or after the command's name).
   */
  @Option(
      names = PLUGINS_OPTION,
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "A folder of plugin jars (repeatable), searched after $TMR_HOME/plugins and $TMR_PLUGIN_PATH.")
  List<Path> pluginFolders = new ArrayList<>();

  /** Calls of {@link #execute} in progress: a nested one (a trial in its JVM) keeps the plugins. */
  private static final AtomicInteger DEPTH = new AtomicInteger();

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new TmrCli());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          // Expected failures (bad input, missing files, checksum mismatches) get one clear line,
          // not a trace.
          commandLine.getErr().println("tmr " + commandLine.getCommandName() + ": " + describe(e));
          if (System.getenv("TMR_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
          }
          return 1;
        });
    cli.setExecutionStrategy(
        parseResult -> {
          if (DEPTH.get() == 1) {
            try {
              installPlugins(parseResult);
            } catch (PluginException e) {
              cli.getErr().println("tmr: " + e.getMessage());
              if (System.getenv("TMR_DEBUG") != null) {
                e.printStackTrace(cli.getErr());
              }
              return 1;
            }
          }
          return new CommandLine.RunLast().execute(parseResult);
        });
    DEPTH.incrementAndGet();
    try {
      return cli.execute(args);
    } finally {
      DEPTH.decrementAndGet();
    }
  }

  /**
   * Opens the plugin path of this invocation ({@code $TMR_HOME/plugins}, {@code TMR_PLUGIN_PATH},
   * every {@code --plugins DIR}) and installs it for every registry of this process.
   */
  private static void installPlugins(CommandLine.ParseResult parseResult) {
    List<Path> folders = new ArrayList<>();
    for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption(PLUGINS_OPTION)) {
        folders.addAll(r.matchedOptionValue(PLUGINS_OPTION, List.<Path>of()));
      }
    }
    Plugins.install(
        Plugins.open(Plugins.path(TmrHome.root(), System.getenv(Plugins.VARIABLE), folders)));
  }

  private static String describe(Throwable e) {
    String msg = e.getMessage();
    if (msg == null || msg.isBlank()) {
      msg = e.getClass().getSimpleName();
    } else if (!(e instanceof IllegalArgumentException
        || e instanceof IllegalStateException
        || e.getClass().getSimpleName().endsWith("Exception")
            && e.getClass().getName().startsWith("io.tmr"))) {
      msg = e.getClass().getSimpleName() + ": " + msg;
    }
    return msg;
  }

  /** Version from the jar manifest, with the git commit when run from a checkout. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TmrCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "tmr " + (v == null ? "dev" : v),
        "commit " + io.tmr.core.env.EnvironmentReport.gitCommit(),
        "java "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
