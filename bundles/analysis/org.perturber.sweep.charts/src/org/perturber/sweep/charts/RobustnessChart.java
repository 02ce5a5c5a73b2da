package org.perturber.sweep.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.perturber.explore.RobustnessCurve;

/**
 * Draws a {@link RobustnessCurve} with JFreeChart: each model's true-class probability against the parameter (points
 * seen during the drag as dots, the filled-in range as a line), and below it, when channels are pinned, their mean
 * activations against the same values. The workbench shows this image and exports the same chart as PNG.
 */
public final class RobustnessChart {
    private static final Color[] COLORS = { new Color(40, 110, 200), new Color(215, 95, 40), new Color(60, 150, 70),
            new Color(150, 70, 170), new Color(120, 120, 120) };

    private RobustnessChart() {
    }

    public static JFreeChart chart(RobustnessCurve curve) {
        RobustnessCurve.Axis axis = curve.axis();
        List<RobustnessCurve.Point> points = curve.points();
        Map<String, String> models = curve.models();
        NumberAxis x = new NumberAxis(axis == null ? "drag a parameter's slider" : axis.label());
        x.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(x);
        combined.setGap(8);

        XYSeriesCollection probabilities = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        int series = 0;
        int model = 0;
        for (Map.Entry<String, String> m : models.entrySet()) {
            Color color = COLORS[model++ % COLORS.length];
            for (boolean filled : new boolean[] { false, true }) {
                XYSeries s = new XYSeries(m.getValue() + (filled ? " (range)" : ""), true, true);
                points.stream().filter(p -> p.model().equals(m.getKey()) && p.filled() == filled && !Double.isNaN(p
                        .probability())).sorted(Comparator.comparingDouble(RobustnessCurve.Point::x)).forEach(p -> s
                                .addOrUpdate(p.x(), p.probability()));
                if (s.isEmpty()) {
                    continue;
                }
                probabilities.addSeries(s);
                renderer.setSeriesPaint(series, color);
                renderer.setSeriesLinesVisible(series, filled);
                renderer.setSeriesShapesVisible(series, !filled);
                renderer.setSeriesStroke(series, new BasicStroke(filled ? 2f : 1f));
                series++;
            }
        }
        NumberAxis p = new NumberAxis("P(" + (curve.trueClass() == null ? "true class" : curve.trueClass()) + ")");
        p.setRange(0, 1.02);
        XYPlot top = new XYPlot(probabilities, null, p, renderer);
        top.setBackgroundPaint(Color.WHITE);
        top.setRangeGridlinePaint(Color.LIGHT_GRAY);
        combined.add(top, 3);

        List<Integer> channels = curve.pinnedChannels();
        if (!channels.isEmpty()) {
            XYSeriesCollection means = new XYSeriesCollection();
            XYLineAndShapeRenderer r2 = new XYLineAndShapeRenderer(false, true);
            for (int c = 0; c < channels.size(); c++) {
                int k = c;
                XYSeries s = new XYSeries("channel " + channels.get(c), true, true);
                points.stream().filter(q -> k < q.pinnedMeans().length && !Double.isNaN(q.pinnedMeans()[k])).forEach(
                        q -> s.addOrUpdate(q.x(), q.pinnedMeans()[k]));
                means.addSeries(s);
                r2.setSeriesPaint(c, COLORS[(c + 2) % COLORS.length]);
            }
            XYPlot bottom = new XYPlot(means, null, new NumberAxis("pinned channels' mean"), r2);
            bottom.setBackgroundPaint(Color.WHITE);
            bottom.setRangeGridlinePaint(Color.LIGHT_GRAY);
            combined.add(bottom, 2);
        }
        JFreeChart chart = new JFreeChart(title(curve, axis), new Font(Font.SANS_SERIF, Font.BOLD, 13), combined,
                true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String title(RobustnessCurve curve, RobustnessCurve.Axis axis) {
        if (axis == null) {
            return "Robustness curve";
        }
        return "Robustness to " + axis.label() + (curve.trueClass() == null ? "" : " \u00b7 true class "
                + curve.trueClass());
    }

    public static BufferedImage image(RobustnessCurve curve, int width, int height) {
        return chart(curve).createBufferedImage(width, height);
    }

    public static void writePng(RobustnessCurve curve, Path file, int width, int height) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart(curve), width, height);
    }
}
