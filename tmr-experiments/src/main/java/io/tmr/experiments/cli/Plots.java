package io.tmr.experiments.cli;

import io.tmr.core.run.MetricsLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/** PNG plots of a run's metrics.csv (XChart), written into the run's {@code plots/} folder. */
final class Plots {
  private Plots() {}

  /**
   * Plots groups of columns against {@code x}; each group becomes one PNG named {@code name.png}.
   */
  static void plot(Path metricsCsv, Path plotsDir, String x, Map<String, List<String>> groups)
      throws IOException {
    Map<String, double[]> data = MetricsLog.read(metricsCsv);
    Files.createDirectories(plotsDir);
    for (Map.Entry<String, List<String>> g : groups.entrySet()) {
      XYChart chart =
          new XYChartBuilder().width(900).height(500).title(g.getKey()).xAxisTitle(x).build();
      chart.getStyler().setMarkerSize(3);
      boolean any = false;
      for (String col : g.getValue()) {
        double[] xs = data.get(x);
        double[] ys = data.get(col);
        if (xs == null || ys == null) {
          continue;
        }
        List<Double> px = new ArrayList<>();
        List<Double> py = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
          if (Double.isFinite(xs[i]) && Double.isFinite(ys[i])) {
            px.add(xs[i]);
            py.add(ys[i]);
          }
        }
        if (!px.isEmpty()) {
          XYSeries s = chart.addSeries(col, px, py);
          s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
          any = true;
        }
      }
      if (any) {
        BitmapEncoder.saveBitmap(
            chart, plotsDir.resolve(g.getKey()).toString(), BitmapEncoder.BitmapFormat.PNG);
      }
    }
  }

  /** The standard pretraining plots. */
  static void pretraining(Path runDir) throws IOException {
    plot(
        runDir.resolve("metrics.csv"),
        runDir.resolve("plots"),
        "step",
        Map.of(
            "loss", List.of("mlm_loss", "disc_loss", "val_mlm_loss", "val_disc_loss"),
            "accuracy",
                List.of(
                    "mlm_acc",
                    "sampled_acc",
                    "val_mlm_acc",
                    "val_sampled_acc",
                    "val_disc_auc",
                    "disc_auc"),
            "throughput", List.of("tokens_per_s")));
  }
}
