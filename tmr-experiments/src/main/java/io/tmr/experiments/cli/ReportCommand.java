package io.tmr.experiments.cli;

import io.tmr.experiments.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tmr report SWEEP_DIR}: paper-style tables, CSV and plots of a sweep. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Tables (Markdown, CSV) and plots (PNG) of a sweep or experiment folder: rows = arms, columns = tasks or",
      "validation metrics, cells = median over seeds [IQR], the difference to the baseline arm with a paired Wilcoxon",
      "signed-rank test and a bootstrap CI, n. Every output records the run ids and git commits it came from."
    })
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SWEEP_DIR")
  Path sweepDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output folder (default: SWEEP_DIR/report).")
  Path out;

  @Option(
      names = "--updates-baseline",
      paramLabel = "ARM",
      description =
          "The arm the equal-discriminator-updates reading is against (default: the experiment's, as the sweep "
              + "recorded it).")
  String updatesBaseline;

  @Option(
      names = "--against",
      paramLabel = "ARM",
      split = ",",
      description =
          "Also compare every arm with ARM (repeatable or comma-separated): the pretraining tables (both readings) and "
              + "the downstream table once more, with paired differences against ARM (tables <name>-vs-ARM), e.g. a "
              + "prioritized rule against a uniform-replay control.")
  List<String> against = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Report.Output o =
        Report.write(
            sweepDir, out != null ? out : sweepDir.resolve("report"), updatesBaseline, against);
    System.out.print(o.markdown());
    System.err.println("report: " + o.files().size() + " files in " + o.dir());
    return 0;
  }
}
