package io.netdrift.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.TexturePaint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.CategoryItemLabelGenerator;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the report's PNG plots with JFreeChart, headless: per failure and most affected link the
 * measured load against every lane's predictions around the failure and the repair, the rolling
 * RMSE of every lane over the run, and the recovery steps per lane. A lane has the same colour in
 * every plot; the measured load is black, the noise-free load dashed grey.
 */
final class ReportCharts {
  static {
    useHeadlessAwt();
  }

  static final int WIDTH = 1200;
  static final int HEIGHT = 600;

  /** Failures drawn, and most affected links drawn per failure. */
  static final int MAX_FAILURES = 3;

  static final int LINKS_PER_FAILURE = 3;

  /** Steps shown on either side of a failure or a repair. */
  static final int MARGIN_STEPS = 24;

  private static final Color[] LANE_COLOURS = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b),
    new Color(0xe377c2),
    new Color(0xbcbd22),
    new Color(0x17becf),
  };
  private static final Color EXPECTED = new Color(0x888888);
  private static final Color NOT_RECOVERED = new Color(0xaaaaaa);
  private static final Color FAILURE_BAND = new Color(255, 0, 0, 28);
  private static final Color EVENT_LINE = new Color(0x444444);
  private static final Stroke DASHED =
      new BasicStroke(
          1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

  /** A written plot and what it shows. */
  record Plot(Path file, String caption) {}

  private ReportCharts() {}

  /** JFreeChart draws with AWT; no display is needed or wanted (CI, a TaskManager, ssh). */
  static void useHeadlessAwt() {
    System.setProperty("java.awt.headless", "true");
  }

  static List<Plot> writeAll(Report report, Path dir) throws IOException {
    List<Plot> plots = new ArrayList<>();
    plots.addAll(linkPlots(report, dir));
    plots.add(rollingRmse(report, dir.resolve("rolling-rmse.png")));
    plots.add(recoverySteps(report, dir.resolve("recovery-steps.png")));
    return plots;
  }

  static Color laneColour(List<String> lanes, String lane) {
    int index = Math.max(0, lanes.indexOf(lane));
    Color colour = LANE_COLOURS[index % LANE_COLOURS.length];
    return index < LANE_COLOURS.length ? colour : colour.darker();
  }

  // ---- load around failures --------------------------------------------------------------

  private static List<Plot> linkPlots(Report report, Path dir) throws IOException {
    EvaluationRun run = report.run();
    List<Plot> plots = new ArrayList<>();
    int failureNumber = 0;
    for (FailureImpact impact : report.failures()) {
      if (++failureNumber > MAX_FAILURES) {
        break;
      }
      Failure failure = impact.failure();
      int failureStep =
          ReportMetrics.firstStepAtOrAfter(run.stepTimesMs(), failure.failureTimeMs());
      int repairStep = ReportMetrics.firstStepAtOrAfter(run.stepTimesMs(), failure.repairTimeMs());
      boolean repairedInRun = failure.repaired() && repairStep < run.steps();
      boolean oneWindow = repairedInRun && repairStep - failureStep <= 2 * MARGIN_STEPS;
      List<AffectedLink> links = impact.mostAffectedLinks();
      for (AffectedLink link : links.subList(0, Math.min(LINKS_PER_FAILURE, links.size()))) {
        String base = "link-" + Format.fileName(link.link());
        int to = oneWindow ? repairStep + MARGIN_STEPS : failureStep + MARGIN_STEPS;
        String around = oneWindow ? "failure and repair" : "failure";
        plots.add(
            loadPlot(
                run,
                failure,
                link.link(),
                failureStep - MARGIN_STEPS,
                to,
                String.format(
                    Locale.ROOT,
                    "Load on %s around the %s of %s",
                    link.link(),
                    around,
                    failure.element()),
                dir.resolve(base + "-failure" + failureNumber + ".png")));
        if (repairedInRun && !oneWindow) {
          plots.add(
              loadPlot(
                  run,
                  failure,
                  link.link(),
                  repairStep - MARGIN_STEPS,
                  repairStep + MARGIN_STEPS,
                  String.format(
                      Locale.ROOT,
                      "Load on %s around the repair of %s",
                      link.link(),
                      failure.element()),
                  dir.resolve(base + "-repair" + failureNumber + ".png")));
        }
      }
    }
    return plots;
  }

  private static Plot loadPlot(
      EvaluationRun run,
      Failure failure,
      String link,
      int fromStep,
      int toStep,
      String title,
      Path file)
      throws IOException {
    int from = Math.max(0, fromStep);
    int to = Math.min(run.steps(), toStep + 1);
    XYSeriesCollection dataset = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    addSeries(
        dataset,
        renderer,
        "measured load",
        run,
        run.actualMbps().get(link),
        from,
        to,
        Color.BLACK,
        new BasicStroke(2.5f));
    addSeries(
        dataset,
        renderer,
        "noise-free load",
        run,
        run.expectedMbps().get(link),
        from,
        to,
        EXPECTED,
        DASHED);
    for (String lane : run.lanes()) {
      Map<String, double[]> predicted = run.predictedMbps().get(lane);
      addSeries(
          dataset,
          renderer,
          lane,
          run,
          predicted == null ? null : predicted.get(link),
          from,
          to,
          laneColour(run.lanes(), lane),
          new BasicStroke(1.6f));
    }
    XYPlot plot = timePlot(dataset, renderer, "load (Mbps)");
    // fit the loads: a change of a few percent on a loaded link must stay visible
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
    markFailure(plot, failure, true);
    save(chart(title, plot), file);
    return new Plot(file, title);
  }

  private static void addSeries(
      XYSeriesCollection dataset,
      XYLineAndShapeRenderer renderer,
      String name,
      EvaluationRun run,
      double[] values,
      int from,
      int to,
      Paint paint,
      Stroke stroke) {
    if (values == null) {
      return;
    }
    XYSeries series = new XYSeries(name, false, false);
    boolean any = false;
    for (int step = from; step < to; step++) {
      // NaN is a gap in the line: no measurement, no prediction
      series.add(run.stepTimesMs()[step], values[step]);
      any |= Double.isFinite(values[step]);
    }
    if (!any) {
      return;
    }
    dataset.addSeries(series);
    int index = dataset.getSeriesCount() - 1;
    renderer.setSeriesPaint(index, paint);
    renderer.setSeriesStroke(index, stroke);
  }

  // ---- rolling RMSE ----------------------------------------------------------------------

  private static Plot rollingRmse(Report report, Path file) throws IOException {
    EvaluationRun run = report.run();
    XYSeriesCollection dataset = new XYSeriesCollection();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (LaneSummary lane : report.lanes().values()) {
      if (lane.rollingRmseByTime().isEmpty()) {
        continue;
      }
      XYSeries series = new XYSeries(lane.lane(), false, false);
      lane.rollingRmseByTime().forEach(series::add);
      dataset.addSeries(series);
      int index = dataset.getSeriesCount() - 1;
      renderer.setSeriesPaint(index, laneColour(run.lanes(), lane.lane()));
      renderer.setSeriesStroke(index, new BasicStroke(1.8f));
    }
    XYPlot plot =
        timePlot(
            dataset,
            renderer,
            String.format(
                Locale.ROOT,
                "rolling RMSE over %d steps (Mbps)",
                io.netdrift.core.metrics.PhaseErrors.ROLLING_WINDOW_STEPS));
    boolean first = true;
    for (FailureImpact impact : report.failures()) {
      markFailure(plot, impact.failure(), first);
      first = false;
    }
    plot.getRangeAxis().setLowerBound(0);
    String title = "Rolling RMSE per lane over the run (failure to repair shaded)";
    save(chart(title, plot), file);
    return new Plot(file, title);
  }

  // ---- recovery steps --------------------------------------------------------------------

  private static Plot recoverySteps(Report report, Path file) throws IOException {
    EvaluationRun run = report.run();
    long window = recoveryWindowSteps(run);
    DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    String series = "recovery steps";
    List<String> labels = new ArrayList<>();
    List<Paint> paints = new ArrayList<>();
    Paint hatched = hatch(NOT_RECOVERED);
    for (LaneSummary lane : report.lanes().values()) {
      if (lane.afterFailure().predictions() == 0) {
        dataset.addValue(0, series, lane.lane());
        labels.add("no predictions");
        paints.add(NOT_RECOVERED);
      } else if (lane.recovered()) {
        dataset.addValue(lane.recoverySteps(), series, lane.lane());
        labels.add(String.valueOf(lane.recoverySteps()));
        paints.add(laneColour(run.lanes(), lane.lane()));
      } else {
        dataset.addValue(window, series, lane.lane());
        labels.add("not recovered");
        paints.add(hatched);
      }
    }
    BarRenderer renderer =
        new BarRenderer() {
          @Override
          public Paint getItemPaint(int row, int column) {
            return paints.get(column);
          }
        };
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setDrawBarOutline(true);
    renderer.setDefaultOutlinePaint(Color.DARK_GRAY);
    renderer.setMaximumBarWidth(0.12);
    renderer.setDefaultItemLabelGenerator(new FixedLabels(labels));
    renderer.setDefaultItemLabelsVisible(true);
    renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    renderer.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));

    CategoryAxis lanes = new CategoryAxis("lane");
    lanes.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    NumberAxis steps = new NumberAxis("steps from the failure to recovery");
    steps.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    steps.setUpperMargin(0.15);
    CategoryPlot plot = new CategoryPlot(dataset, lanes, steps, renderer);
    plot.setOrientation(PlotOrientation.VERTICAL);
    style(plot);
    if (window > 0) {
      // the line is explained in a subtitle: a marker label would collide with the bar labels
      plot.addRangeMarker(new ValueMarker(window, EVENT_LINE, DASHED));
    }
    LegendItemCollection legend = new LegendItemCollection();
    legend.add(
        new LegendItem(
            "recovered: steps until the rolling RMSE is back near its" + " pre-failure level",
            Color.DARK_GRAY));
    legend.add(
        new LegendItem("not recovered before the repair (bar at the window length)", hatched));
    plot.setFixedLegendItems(legend);
    Failure failure = run.firstFailure();
    String title =
        failure == null
            ? "Recovery steps per lane (no failure in this run)"
            : "Recovery steps per lane after the failure of " + failure.element();
    JFreeChart chart = chart(title, plot);
    if (window > 0) {
      chart.addSubtitle(
          new TextTitle(
              "dashed line: the failure-to-repair window, " + window + " steps",
              new Font(Font.SANS_SERIF, Font.PLAIN, 13)));
    }
    save(chart, file);
    return new Plot(file, title);
  }

  /** Steps from the first failure to its repair (or to the end of the run). */
  private static long recoveryWindowSteps(EvaluationRun run) {
    Failure failure = run.firstFailure();
    if (failure == null) {
      return 0;
    }
    int failureStep = ReportMetrics.firstStepAtOrAfter(run.stepTimesMs(), failure.failureTimeMs());
    int repairStep = ReportMetrics.firstStepAtOrAfter(run.stepTimesMs(), failure.repairTimeMs());
    return Math.max(0, repairStep - failureStep);
  }

  private static Paint hatch(Color colour) {
    BufferedImage tile = new BufferedImage(10, 10, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = tile.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(0xeeeeee));
      g.fillRect(0, 0, 10, 10);
      g.setColor(colour.darker());
      g.setStroke(new BasicStroke(2f));
      g.drawLine(0, 10, 10, 0);
      g.drawLine(-5, 5, 5, -5);
      g.drawLine(5, 15, 15, 5);
    } finally {
      g.dispose();
    }
    return new TexturePaint(tile, new Rectangle(0, 0, 10, 10));
  }

  /** Bar labels given per category: the steps, "not recovered" or "no predictions". */
  private record FixedLabels(List<String> labels) implements CategoryItemLabelGenerator {
    @Override
    public String generateRowLabel(CategoryDataset dataset, int row) {
      return dataset.getRowKey(row).toString();
    }

    @Override
    public String generateColumnLabel(CategoryDataset dataset, int column) {
      return dataset.getColumnKey(column).toString();
    }

    @Override
    public String generateLabel(CategoryDataset dataset, int row, int column) {
      return labels.get(column);
    }
  }

  // ---- shared ----------------------------------------------------------------------------

  private static XYPlot timePlot(
      XYSeriesCollection dataset, XYLineAndShapeRenderer renderer, String valueLabel) {
    DateAxis time = new DateAxis("time (UTC)");
    TimeZone utc = TimeZone.getTimeZone("UTC");
    time.setTimeZone(utc);
    SimpleDateFormat format = new SimpleDateFormat("MM-dd HH:mm", Locale.ROOT);
    format.setTimeZone(utc);
    time.setDateFormatOverride(format);
    NumberAxis value = new NumberAxis(valueLabel);
    value.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(dataset, time, value, renderer);
    style(plot);
    return plot;
  }

  /** Shades failure to repair and draws a labelled line at each. */
  private static void markFailure(XYPlot plot, Failure failure, boolean labelled) {
    long end = failure.repaired() ? failure.repairTimeMs() : Long.MAX_VALUE / 2;
    plot.addDomainMarker(
        new IntervalMarker(failure.failureTimeMs(), end, FAILURE_BAND), Layer.BACKGROUND);
    plot.addDomainMarker(
        eventLine(failure.failureTimeMs(), labelled ? "failure of " + failure.element() : null));
    if (failure.repaired()) {
      plot.addDomainMarker(
          eventLine(failure.repairTimeMs(), labelled ? "repair of " + failure.element() : null));
    }
  }

  private static Marker eventLine(long timeMs, String label) {
    ValueMarker line = new ValueMarker(timeMs, EVENT_LINE, new BasicStroke(1.5f));
    if (label != null) {
      line.setLabel(label);
      line.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      line.setLabelPaint(EVENT_LINE);
      line.setLabelBackgroundColor(new Color(255, 255, 255, 200));
      line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      line.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    }
    return line;
  }

  private static void style(XYPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setDomainGridlinesVisible(true);
    plot.setRangeGridlinesVisible(true);
    axisFonts(plot.getDomainAxis());
    axisFonts(plot.getRangeAxis());
  }

  private static void style(CategoryPlot plot) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setRangeGridlinesVisible(true);
    axisFonts(plot.getDomainAxis());
    axisFonts(plot.getRangeAxis());
  }

  private static void axisFonts(org.jfree.chart.axis.Axis axis) {
    axis.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    axis.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
  }

  private static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    return chart;
  }

  private static void save(JFreeChart chart, Path file) throws IOException {
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }
}
