package io.tmr.experiments.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tmr bench ...}: benchmarks that print figures (never timed unit tests). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run benchmarks and print their figures.",
    subcommands = {BenchCommand.Jmh.class})
final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "jmh", mixinStandardHelpOptions = true,
      description = {"Run the JMH benchmarks of tmr-benchmarks matching a regular expression, e.g.",
          "  tmr bench jmh TokenizerBenchmark",
          "  tmr bench jmh 'Replay.*sample' -- -wi 2 -i 3 -f 1",
          "Arguments after -- go to JMH unchanged (run with '-- -h' for JMH's options; '-- -l' lists benchmarks)."})
  static final class Jmh implements Callable<Integer> {
    @Parameters(paramLabel = "ARGS", description = "Benchmark regex, then JMH options after --.")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      org.openjdk.jmh.Main.main(args.toArray(new String[0]));
      return 0;
    }
  }
}
