package org.perturber.sweep.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;
import org.perturber.sweep.CorruptionErrors;
import org.perturber.sweep.Metric;
import org.perturber.sweep.Summary;
import org.perturber.sweep.SweepResults;

/**
 * Sweep plots with JFreeChart: each metric against each factor, one line per model, written as PNG (for README
 * files and slides) and SVG (for papers). The same charts render into images for the workbench's live plot.
 */
public final class SweepCharts {
    public static final int WIDTH = 760;
    public static final int HEIGHT = 460;
    private static final Color[] COLORS = { new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75) };

    private SweepCharts() {
    }

    /**
     * Writes NAME-FACTOR-METRIC.png and .svg for every table (for a flip search: NAME-flip-distance, the box plot of
     * every parameter, and NAME-PARAMETER-flip-distance-cdf for each, see {@link FlipCharts}; for a corruption
     * suite: NAME-error-by-severity and NAME-corruption-errors, see {@link CorruptionCharts}), after listing their
     * names in the folder's plots.txt (what {@code --fresh} removes); returns the PNG files.
     */
    public static List<Path> write(Summary summary, Path dir, String name) throws IOException {
        if (summary.corruptionErrors() != null) {
            return writeCorruptionSuite(summary.corruptionErrors(), dir, name);
        }
        List<Map.Entry<String, Supplier<JFreeChart>>> charts = new ArrayList<>(); // file name (no suffix), chart
        for (Summary.Table t : summary.tables()) {
            charts.add(Map.entry(base(name, t), () -> chart(t, name)));
        }
        if (!summary.flips().isEmpty()) {
            // a flip search: every parameter's boxes in one plot, then each parameter's distribution
            charts.add(Map.entry(name + "-flip-distance", () -> FlipCharts.boxes(summary, name)));
            for (String parameter : FlipCharts.parameters(summary)) {
                charts.add(Map.entry(name + "-" + slug(parameter) + "-flip-distance-cdf", () -> FlipCharts.cdf(
                        summary, parameter, name)));
            }
        }
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Supplier<JFreeChart>> e : charts) {
            names.add(e.getKey() + ".png");
            names.add(e.getKey() + ".svg");
        }
        SweepResults.recordPlots(dir, names);
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, Supplier<JFreeChart>> e : charts) {
            JFreeChart chart = e.getValue().get();
            String base = e.getKey();
            Path png = dir.resolve(base + ".png");
            ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
            SVGGraphics2D svg = svg(WIDTH, HEIGHT, base);
            chart.draw(svg, new Rectangle(0, 0, WIDTH, HEIGHT));
            SVGUtils.writeToSVG(new File(dir.resolve(base + ".svg").toString()), svg.getSVGElement());
            files.add(png);
        }
        return files;
    }

    /**
     * A corruption suite's two plots instead of one per table: NAME-error-by-severity (small multiples, one panel
     * per corruption) and NAME-corruption-errors (CE bars, mCE in the legend), PNG and SVG each.
     */
    private static List<Path> writeCorruptionSuite(CorruptionErrors errors, Path dir, String name) throws IOException {
        String panels = name + "-error-by-severity";
        String bars = name + "-corruption-errors";
        SweepResults.recordPlots(dir, List.of(panels + ".png", panels + ".svg", bars + ".png", bars + ".svg"));
        Dimension size = CorruptionCharts.severityPanelsSize(errors);
        BufferedImage image = new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            CorruptionCharts.drawSeverityPanels(errors, name, g, new Rectangle(size));
        } finally {
            g.dispose();
        }
        Path panelsPng = dir.resolve(panels + ".png");
        try (OutputStream out = Files.newOutputStream(panelsPng)) {
            ChartUtils.writeBufferedImageAsPNG(out, image);
        }
        SVGGraphics2D svg = svg(size.width, size.height, panels);
        CorruptionCharts.drawSeverityPanels(errors, name, svg, new Rectangle(size));
        SVGUtils.writeToSVG(new File(dir.resolve(panels + ".svg").toString()), svg.getSVGElement());
        JFreeChart chart = CorruptionCharts.ceBars(errors, name);
        Path barsPng = dir.resolve(bars + ".png");
        ChartUtils.saveChartAsPNG(barsPng.toFile(), chart, CorruptionCharts.BARS_WIDTH, CorruptionCharts.BARS_HEIGHT);
        SVGGraphics2D barsSvg = svg(CorruptionCharts.BARS_WIDTH, CorruptionCharts.BARS_HEIGHT, bars);
        chart.draw(barsSvg, new Rectangle(0, 0, CorruptionCharts.BARS_WIDTH, CorruptionCharts.BARS_HEIGHT));
        SVGUtils.writeToSVG(new File(dir.resolve(bars + ".svg").toString()), barsSvg.getSVGElement());
        return List.of(panelsPng, barsPng);
    }

    /**
     * An SVG canvas whose element ids are named after the plot's file, not after the clock (JFreeSVG's default
     * prefix is System.nanoTime()): the same results give the same bytes, on any run or machine.
     */
    private static SVGGraphics2D svg(int width, int height, String base) {
        SVGGraphics2D svg = new SVGGraphics2D(width, height);
        svg.setDefsKeyPrefix("_" + base.replaceAll("[^A-Za-z0-9_-]", "_") + "-");
        return svg;
    }

    private static String base(String name, Summary.Table t) {
        return name + "-" + slug(t.factor()) + "-" + slug(t.metric().column());
    }

    /** The chart of one table, drawn into an image (the workbench's live plot). */
    public static BufferedImage image(Summary.Table table, String title, int width, int height) {
        return chart(table, title).createBufferedImage(width, height);
    }

    public static JFreeChart chart(Summary.Table t, String title) {
        String yLabel = t.metric().label();
        JFreeChart chart;
        if (t.numeric()) {
            XYSeriesCollection data = new XYSeriesCollection();
            for (Map.Entry<String, double[]> e : t.means().entrySet()) {
                XYSeries series = new XYSeries(e.getKey(), false, true);
                for (int b = 0; b < t.x().length; b++) {
                    if (!Double.isNaN(e.getValue()[b])) {
                        series.add(t.x()[b], e.getValue()[b]);
                    }
                }
                data.addSeries(series);
            }
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
            for (int i = 0; i < data.getSeriesCount(); i++) {
                renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
                renderer.setSeriesStroke(i, new BasicStroke(2f));
            }
            NumberAxis x = new NumberAxis(t.factor());
            x.setAutoRangeIncludesZero(false);
            XYPlot plot = new XYPlot(data, x, yAxis(t.metric(), yLabel), renderer);
            plot.setOrientation(PlotOrientation.VERTICAL);
            style(plot);
            chart = new JFreeChart(title(title, t), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        } else {
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            for (Map.Entry<String, double[]> e : t.means().entrySet()) {
                for (int b = 0; b < t.bins().size(); b++) {
                    data.addValue(Double.isNaN(e.getValue()[b]) ? null : e.getValue()[b], e.getKey(), t.bins().get(b));
                }
            }
            LineAndShapeRenderer renderer = new LineAndShapeRenderer(true, true);
            for (int i = 0; i < data.getRowCount(); i++) {
                renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
                renderer.setSeriesStroke(i, new BasicStroke(2f));
            }
            org.jfree.chart.axis.CategoryAxis x = new org.jfree.chart.axis.CategoryAxis(t.factor());
            if (t.bins().size() > 8) {
                // many levels (such as class names): slanted, so that none is cut short
                x.setCategoryLabelPositions(org.jfree.chart.axis.CategoryLabelPositions.UP_45);
            }
            CategoryPlot plot = new CategoryPlot(data, x, yAxis(t.metric(), yLabel), renderer);
            chart = new JFreeChart(title(title, t), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        }
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(new Color(248, 248, 250));
        return chart;
    }

    private static void style(XYPlot plot) {
        if (plot != null) {
            plot.setDomainGridlinePaint(new Color(210, 210, 215));
            plot.setRangeGridlinePaint(new Color(210, 210, 215));
        }
    }

    private static NumberAxis yAxis(Metric metric, String label) {
        NumberAxis y = new NumberAxis(label);
        if (metric.kind() != Metric.Kind.ACTIVATION) {
            y.setRange(0, 1.02); // rates and probabilities: the whole scale, so that plots compare at a glance
        }
        return y;
    }

    private static String title(String name, Summary.Table t) {
        return String.format(Locale.ROOT, "%s: %s against %s", name, t.metric().label(), t.factor());
    }

    private static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "").toLowerCase(Locale.ROOT);
    }
}
