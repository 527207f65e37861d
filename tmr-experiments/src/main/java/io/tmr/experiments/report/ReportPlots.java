package io.tmr.experiments.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The report's figures (PNG, XChart): pretraining curves per arm (validation RTD loss against fresh
 * examples and against training wall-clock), a bar chart per table column with error bars, and for
 * ablations the metric against the varied setting. Every PNG carries its provenance in tEXt chunks
 * ({@code tmr:source}, {@code tmr:runs}, {@code tmr:commits}), readable with any PNG tool.
 */
public final class ReportPlots {
  public static final String KEY_SOURCE = "tmr:source";
  public static final String KEY_RUNS = "tmr:runs";
  public static final String KEY_COMMITS = "tmr:commits";

  private ReportPlots() {}

  /**
   * Median over seeds of a validation metric per arm, against {@code fresh_sequences} or training
   * seconds. Seeds of an arm evaluate at the same steps, so the median is taken step by step.
   * Training seconds are Σ step_ms × (steps since the previous logged row): the steps' own time,
   * without evaluation and checkpoint pauses.
   */
  static XYChart curves(SweepResults r, String metric, String x) {
    String xTitle =
        x.equals("seconds") ? "training seconds (sum of step times)" : x.replace('_', ' ');
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title("validation " + ReportTable.label(metric) + " per arm (median over seeds)")
            .xAxisTitle(xTitle)
            .yAxisTitle("validation " + ReportTable.label(metric))
            .build();
    chart.getStyler().setMarkerSize(4);
    r.byArm()
        .forEach(
            (arm, trials) -> {
              TreeMap<Double, List<double[]>> byStep = new TreeMap<>();
              for (SweepResults.Trial t : trials) {
                double[] step = t.metrics().get("step");
                double[] v = t.metrics().get("val_" + metric);
                if (step == null || v == null) {
                  continue;
                }
                double[] xs =
                    x.equals("seconds") ? trainingSeconds(t.metrics()) : t.metrics().get(x);
                for (int i = 0; i < step.length; i++) {
                  if (Double.isFinite(v[i]) && xs != null && Double.isFinite(xs[i])) {
                    byStep
                        .computeIfAbsent(step[i], k -> new ArrayList<>())
                        .add(new double[] {xs[i], v[i]});
                  }
                }
              }
              List<Double> px = new ArrayList<>();
              List<Double> py = new ArrayList<>();
              byStep
                  .values()
                  .forEach(
                      points -> {
                        px.add(Statistics.median(points.stream().mapToDouble(p -> p[0]).toArray()));
                        py.add(Statistics.median(points.stream().mapToDouble(p -> p[1]).toArray()));
                      });
              if (!px.isEmpty()) {
                chart
                    .addSeries(arm, px, py)
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
              }
            });
    return chart;
  }

  /** Cumulative training seconds at each metrics row. */
  static double[] trainingSeconds(Map<String, double[]> metrics) {
    double[] step = metrics.get("step");
    double[] ms = metrics.get("step_ms");
    if (step == null || ms == null) {
      return null;
    }
    double[] out = new double[step.length];
    double total = 0;
    for (int i = 0; i < step.length; i++) {
      if (i > 0 && Double.isFinite(ms[i])) {
        total += ms[i] / 1000 * (step[i] - step[i - 1]);
      }
      out[i] = total;
    }
    return out;
  }

  /** Mean ± std over seeds per arm, one chart per column of {@code table}. */
  static Map<String, CategoryChart> bars(ReportTable table) {
    Map<String, CategoryChart> out = new LinkedHashMap<>();
    for (String c : table.columns()) {
      List<String> arms = new ArrayList<>();
      List<Double> means = new ArrayList<>();
      List<Double> stds = new ArrayList<>();
      for (String arm : table.arms()) {
        Statistics s = table.cells().get(arm).get(c).stats();
        if (s.n() > 0) {
          arms.add(arm);
          means.add(s.mean());
          stds.add(s.std());
        }
      }
      if (arms.isEmpty()) {
        continue;
      }
      CategoryChart chart =
          new CategoryChartBuilder()
              .width(900)
              .height(520)
              .title(ReportTable.label(c) + " — " + table.title() + " (mean ± std over seeds)")
              .xAxisTitle("arm")
              .yAxisTitle(ReportTable.label(c))
              .build();
      chart.getStyler().setLegendVisible(false);
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < means.size(); i++) {
        lo = Math.min(lo, means.get(i) - stds.get(i));
        hi = Math.max(hi, means.get(i) + stds.get(i));
      }
      // Differences between arms are small next to the values: start the axis near the data, not at
      // 0.
      double pad = Math.max(1e-6, (hi - lo) * 0.25);
      chart.getStyler().setYAxisMin(lo - pad);
      chart.getStyler().setYAxisMax(hi + pad);
      chart.addSeries(ReportTable.label(c), arms, means, stds);
      out.put(c, chart);
    }
    return out;
  }

  /** Median (± std as error bars) of a column against the numeric value of the ablated setting. */
  static XYChart ablation(ReportTable table, SweepResults r, String column, String key) {
    XYChart chart =
        new XYChartBuilder()
            .width(900)
            .height(520)
            .title(ReportTable.label(column) + " vs " + key + " (median over seeds, bars ± std)")
            .xAxisTitle(key)
            .yAxisTitle(ReportTable.label(column))
            .build();
    Map<String, Double> armValue = new LinkedHashMap<>();
    for (SweepResults.Trial t : r.trials()) {
      armValue.putIfAbsent(t.arm(), t.setting(key));
    }
    TreeMap<Double, double[]> points = new TreeMap<>();
    for (String arm : table.arms()) {
      Double xv = armValue.get(arm);
      Statistics s = table.cells().get(arm).get(column).stats();
      if (xv != null && Double.isFinite(xv) && s.n() > 0) {
        points.put(xv, new double[] {s.median(), s.std()});
      }
    }
    if (points.isEmpty()) {
      return null;
    }
    List<Double> xs = new ArrayList<>(points.keySet());
    List<Double> ys = points.values().stream().map(p -> p[0]).toList();
    List<Double> es = points.values().stream().map(p -> p[1]).toList();
    chart
        .addSeries(ReportTable.label(column), xs, ys, es)
        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    return chart;
  }

  /** Writes {@code chart} as a PNG whose tEXt chunks hold {@code provenance}. */
  static void save(Chart<?, ?> chart, Path file, Map<String, String> provenance)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    BufferedImage img = BitmapEncoder.getBufferedImage(chart);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata meta =
          writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
      IIOMetadataNode text = new IIOMetadataNode("tEXt");
      provenance.forEach(
          (k, v) -> {
            IIOMetadataNode e = new IIOMetadataNode("tEXtEntry");
            e.setAttribute("keyword", k);
            // tEXt is Latin-1: run ids and commits are ASCII; anything else is replaced.
            e.setAttribute("value", v.replaceAll("[^\\x20-\\x7E\\n]", "?"));
            text.appendChild(e);
          });
      IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
      root.appendChild(text);
      meta.mergeTree("javax_imageio_png_1.0", root);
      writer.setOutput(out);
      writer.write(meta, new IIOImage(img, null, meta), param);
    } finally {
      writer.dispose();
    }
  }

  /**
   * The tEXt entries of a PNG written by {@link #save} (for tests and {@code tmr report} checks).
   */
  public static Map<String, String> provenance(Path png) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (var in = ImageIO.createImageInputStream(png.toFile())) {
      var reader = ImageIO.getImageReaders(in).next();
      reader.setInput(in);
      IIOMetadataNode root =
          (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
      var entries = root.getElementsByTagName("tEXtEntry");
      for (int i = 0; i < entries.getLength(); i++) {
        IIOMetadataNode e = (IIOMetadataNode) entries.item(i);
        out.put(e.getAttribute("keyword"), e.getAttribute("value"));
      }
      reader.dispose();
    }
    return out;
  }
}
