package io.tmr.experiments.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

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
      CommandLine.HelpCommand.class
    })
public final class TmrCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
    return cli.execute(args);
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
