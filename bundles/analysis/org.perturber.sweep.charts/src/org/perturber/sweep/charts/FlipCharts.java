package org.perturber.sweep.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.perturber.sweep.Summary;

/**
 * A flip search's plots: per parameter, the empirical distribution (CDF) of the flip distance, one step curve per
 * model and direction; and one box plot of every parameter and direction per model. The larger the distance, the
 * more robust the model (its axis says so).
 */
public final class FlipCharts {
    /** What the distance axis says. */
    static final String DISTANCE = "flip distance, fraction of the searched range (larger = more robust)";
    private static final Color[] COLORS = { new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75) };

    private FlipCharts() {
    }

    /** The parameters the summary holds, in its order. */
    static List<String> parameters(Summary summary) {
        Set<String> out = new LinkedHashSet<>();
        summary.flips().forEach(f -> out.add(f.parameter()));
        return List.copyOf(out);
    }

    private static List<String> models(Summary summary) {
        Set<String> out = new LinkedHashSet<>();
        summary.flips().forEach(f -> out.add(f.model()));
        return List.copyOf(out);
    }

    /**
     * The parameter's own name ("elevation") where no other parameter of the summary has it, else the whole column
     * with a space ("cameraPerturbation elevation", so that the axis wraps it rather than cutting it).
     */
    static String shortName(String column, List<String> columns) {
        String name = column.substring(column.lastIndexOf('.') + 1);
        long same = columns.stream().filter(c -> c.substring(c.lastIndexOf('.') + 1).equals(name)).count();
        return same > 1 ? column.replace('.', ' ') : name;
    }

    private static String sign(String direction) {
        return direction.equals("down") ? "−" : "+";
    }

    /**
     * The CDF of one parameter's flip distances: for each model (colour) and direction (solid: up, dashed: down),
     * the share of its searches that flipped within each distance. A search that found no flip within the range
     * never counts, so each curve ends at the right edge below 1 by their share: the lower a curve, the more robust.
     */
    public static JFreeChart cdf(Summary summary, String parameter, String title) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<String> models = models(summary);
        List<Integer> colours = new ArrayList<>();
        List<Boolean> dashed = new ArrayList<>();
        for (Summary.Flips f : summary.flips()) {
            if (!f.parameter().equals(parameter)) {
                continue;
            }
            int n = f.n();
            XYSeries s = new XYSeries(String.format(Locale.ROOT, "%s %s (%d of %d flip)", f.model(), sign(f
                    .direction()), f.distances().length, n), false, true);
            s.add(0, 0);
            double[] d = f.distances();
            for (int i = 0; i < d.length; i++) {
                s.add(d[i], n == 0 ? 0 : (i + 1.0) / n);
            }
            s.add(1, n == 0 ? 0 : (double) d.length / n);
            data.addSeries(s);
            colours.add(models.indexOf(f.model()));
            dashed.add(f.direction().equals("down"));
        }
        XYStepRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[colours.get(i) % COLORS.length]);
            renderer.setSeriesStroke(i, dashed.get(i) ? new BasicStroke(2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] { 6f, 4f }, 0f) : new BasicStroke(2f));
        }
        NumberAxis x = new NumberAxis(DISTANCE);
        x.setRange(0, 1);
        NumberAxis y = new NumberAxis("share of searches flipped within this distance");
        y.setRange(0, 1.02);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinePaint(new Color(210, 210, 215));
        plot.setRangeGridlinePaint(new Color(210, 210, 215));
        JFreeChart chart = new JFreeChart(title + ": flip distance of " + parameter, JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.addSubtitle(new TextTitle("solid: increasing (+), dashed: decreasing (−); searches with no flip within "
                + "the range never count, so a curve ends below 1 by their share", new Font(Font.SANS_SERIF,
                        Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(new Color(248, 248, 250));
        return chart;
    }

    /**
     * Every parameter and direction (categories) for every model (series): a box of the flip distances (median,
     * quartiles, whiskers to 1.5 times the interquartile range), a search with no flip within the range counted as
     * the distance 1 (the top of the scale): a box that reaches 1 had at least a quarter of its searches find no
     * flip.
     */
    public static JFreeChart boxes(Summary summary, String title) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        List<String> parameters = parameters(summary);
        for (Summary.Flips f : summary.flips()) {
            List<Double> values = new ArrayList<>();
            for (double d : f.distances()) {
                values.add(d);
            }
            for (int i = 0; i < f.none(); i++) {
                values.add(1.0);
            }
            if (!values.isEmpty()) { // none ran (each started at that end, or failed): no box
                data.add(values, f.model(), shortName(f.parameter(), parameters) + " " + sign(f.direction()));
            }
        }
        BoxAndWhiskerRenderer renderer = new BoxAndWhiskerRenderer();
        renderer.setMeanVisible(false); // with "none within range" drawn at 1, a mean would mislead
        renderer.setMaxOutlierVisible(false);
        renderer.setMinOutlierVisible(false);
        renderer.setFillBox(true);
        renderer.setItemMargin(0.1);
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, COLORS[i % COLORS.length]);
        }
        CategoryAxis x = new CategoryAxis("parameter and direction");
        x.setMaximumCategoryLabelLines(3);
        NumberAxis y = new NumberAxis("flip distance (fraction of range): larger = more robust");
        y.setRange(0, 1.02);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        plot.setRangeGridlinePaint(new Color(210, 210, 215));
        JFreeChart chart = new JFreeChart(title + ": smallest change that flips the prediction",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("over objects and views: box = quartiles, line = median, whiskers to 1.5 IQR, "
                + "circles beyond; a search with no flip within the range counts as 1", new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        plot.setBackgroundPaint(new Color(248, 248, 250));
        return chart;
    }
}
