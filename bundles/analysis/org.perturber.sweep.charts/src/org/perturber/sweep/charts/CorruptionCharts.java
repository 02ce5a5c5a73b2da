package org.perturber.sweep.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.sweep.CorruptionErrors;

/**
 * A corruption suite's plots: the top-1 error against severity for every corruption, one line per model, as small
 * multiples in the suite's order (severity 0 is the clean images; a corruption that did not run is an empty panel
 * that says so); and the corruption error (CE) of every corruption per model as bars, normalised by the baseline
 * (its bars are 100%), with each model's mCE in the legend.
 */
public final class CorruptionCharts {
    /** A small-multiples panel's size. */
    static final int PANEL_WIDTH = 250;
    static final int PANEL_HEIGHT = 190;
    private static final int COLUMNS = 5;
    private static final int TITLE_HEIGHT = 44;
    /** The bar chart's size: wide enough for 19 corruptions, two means and 4 models' bars. */
    public static final int BARS_WIDTH = 1400;
    public static final int BARS_HEIGHT = 600;
    private static final Color[] COLORS = { new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
            new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75) };
    private static final Color MISSING = new Color(150, 150, 150);

    private CorruptionCharts() {
    }

    /** A model's colour, the same in both plots and in the sweep's other plots. */
    static Color colour(int model) {
        return COLORS[model % COLORS.length];
    }

    private static List<String> models(CorruptionErrors errors) {
        return errors.means().stream().map(CorruptionErrors.Mean::model).toList();
    }

    /** The corruptions, in the suite's order, each once. */
    private static List<SuiteCorruption> corruptions(CorruptionErrors errors) {
        Map<String, SuiteCorruption> out = new LinkedHashMap<>();
        errors.rows().forEach(r -> out.putIfAbsent(r.corruption().name(), r.corruption()));
        return List.copyOf(out.values());
    }

    /** Whether a corruption did not run at all (no model has an error at any severity). */
    private static boolean missing(CorruptionErrors errors, SuiteCorruption c) {
        return errors.rows().stream().filter(r -> r.corruption().name().equals(c.name())).allMatch(r -> r.errors()
                .stream().noneMatch(CorruptionErrors.Value::defined));
    }

    /** The small multiples' size: panels of {@value #COLUMNS} a row and a legend cell, under a title. */
    public static Dimension severityPanelsSize(CorruptionErrors errors) {
        int cells = corruptions(errors).size() + 1;
        int columns = Math.min(COLUMNS, cells);
        int rows = (cells + columns - 1) / columns;
        return new Dimension(columns * PANEL_WIDTH, TITLE_HEIGHT + rows * PANEL_HEIGHT);
    }

    /**
     * Draws the error-against-severity panels into {@code area} (of {@link #severityPanelsSize}): one panel per
     * corruption in the suite's order, then a cell with the legend (each model's colour and mCE).
     */
    public static void drawSeverityPanels(CorruptionErrors errors, String title, Graphics2D g, Rectangle area) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(area);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title + ": top-1 error against severity (0: clean), per corruption", area.x + 12, area.y + 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(String.format(Locale.ROOT, "%s; severities run: %s; CE normalised by %s", "one line per model",
                errors.severities(), errors.baseline()), area.x + 12, area.y + 38);
        List<SuiteCorruption> corruptions = corruptions(errors);
        int columns = Math.min(COLUMNS, corruptions.size() + 1);
        for (int i = 0; i <= corruptions.size(); i++) {
            Rectangle cell = new Rectangle(area.x + (i % columns) * PANEL_WIDTH, area.y + TITLE_HEIGHT + (i
                    / columns) * PANEL_HEIGHT, PANEL_WIDTH, PANEL_HEIGHT);
            if (i < corruptions.size()) {
                panel(errors, corruptions.get(i)).draw(g, cell);
            } else {
                legend(errors, g, cell);
            }
        }
    }

    /** One corruption's panel: each model's error at severity 0 (clean) and at each severity run. */
    static JFreeChart panel(CorruptionErrors errors, SuiteCorruption c) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (String model : models(errors)) {
            CorruptionErrors.Row row = errors.row(model, c.name());
            XYSeries series = new XYSeries(model, true, false);
            if (row.clean().defined()) {
                series.add(0, 100 * row.clean().value());
            }
            for (int s = 0; s < errors.severities().size(); s++) {
                CorruptionErrors.Value e = row.errors().get(s);
                if (e.defined()) {
                    series.add(errors.severities().get(s).doubleValue(), 100 * e.value());
                }
            }
            data.addSeries(series);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, colour(i));
            renderer.setSeriesStroke(i, new BasicStroke(1.8f));
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        Font tick = new Font(Font.SANS_SERIF, Font.PLAIN, 9);
        NumberAxis x = new NumberAxis("severity");
        x.setRange(-0.2, 5.2);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setTickLabelFont(tick);
        x.setLabelFont(tick);
        NumberAxis y = new NumberAxis("top-1 error, %");
        y.setRange(0, 102);
        y.setTickLabelFont(tick);
        y.setLabelFont(tick);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(new Color(248, 248, 250));
        plot.setDomainGridlinePaint(new Color(210, 210, 215));
        plot.setRangeGridlinePaint(new Color(210, 210, 215));
        boolean missing = missing(errors, c);
        if (missing) {
            plot.setNoDataMessage("missing: did not run");
            plot.setNoDataMessagePaint(MISSING);
            plot.setNoDataMessageFont(new Font(Font.SANS_SERIF, Font.ITALIC, 12));
            data.removeAllSeries(); // the clean points alone would hide the message
        }
        JFreeChart chart = new JFreeChart(c.label() + (c.inMean() ? "" : " (extra)"), new Font(Font.SANS_SERIF,
                Font.BOLD, 12), plot, false);
        if (missing) {
            ((TextTitle) chart.getTitle()).setPaint(MISSING);
        }
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** The legend cell: each model's colour, name, mCE and relative mCE. */
    private static void legend(CorruptionErrors errors, Graphics2D g, Rectangle cell) {
        g.setColor(Color.WHITE);
        g.fill(cell);
        int x = cell.x + 16;
        int y = cell.y + 28;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString("model: mCE, relative mCE", x, y);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        List<CorruptionErrors.Mean> means = errors.means();
        for (int i = 0; i < means.size(); i++) {
            CorruptionErrors.Mean m = means.get(i);
            y += fm.getHeight() + 3;
            g.setColor(colour(i));
            g.setStroke(new BasicStroke(3f));
            g.drawLine(x, y - 4, x + 22, y - 4);
            g.setColor(Color.BLACK);
            g.drawString(m.model(), x + 30, y);
            g.drawString(m.mce().percent() + ", " + m.relativeMce().percent(), x + 30, y + fm.getHeight());
            y += fm.getHeight();
        }
        y += fm.getHeight() + 2;
        g.setColor(Color.DARK_GRAY);
        boolean same = means.stream().map(CorruptionErrors.Mean::countedText).distinct().count() == 1;
        g.drawString("mean over " + (same ? means.get(0).countedText() + " corruptions" : "the corruptions with a "
                + "CE (mce.csv)"), x, y);
    }

    /**
     * The corruption errors as bars: per corruption (in the suite's order, extra ones marked, those that did not run
     * labelled "missing"), then the mCE and the extra mean, one bar per model, in percent of the baseline's errors
     * (a line at 100%). Each model's mCE and relative mCE are in the legend.
     */
    public static JFreeChart ceBars(CorruptionErrors errors, String title) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        List<SuiteCorruption> corruptions = corruptions(errors);
        List<String> models = models(errors);
        List<String> keys = new ArrayList<>();
        for (CorruptionErrors.Mean m : errors.means()) {
            keys.add(String.format(Locale.ROOT, "%s (mCE %s, relative %s)", m.model(), m.mce().percent(), m
                    .relativeMce().percent()));
        }
        for (int i = 0; i < models.size(); i++) {
            for (SuiteCorruption c : corruptions) {
                CorruptionErrors.Value ce = errors.row(models.get(i), c.name()).ce();
                data.addValue(ce.defined() ? 100 * ce.value() : null, keys.get(i), category(errors, c));
            }
            CorruptionErrors.Mean m = errors.means().get(i);
            data.addValue(m.mce().defined() ? 100 * m.mce().value() : null, keys.get(i), "mCE (" + m.countedText()
                    + ")");
            data.addValue(m.extraMeanCe().defined() ? 100 * m.extraMeanCe().value() : null, keys.get(i),
                    "extra mean (" + m.extraCounted() + " of " + m.extra() + ")");
        }
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.02);
        for (int i = 0; i < models.size(); i++) {
            renderer.setSeriesPaint(i, colour(i));
        }
        CategoryAxis x = new CategoryAxis("corruption (in the suite's order; extra ones apart from the mean)");
        x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        x.setCategoryMargin(0.15);
        NumberAxis y = new NumberAxis("CE, % of " + errors.baseline() + "'s errors (lower = more robust)");
        y.setAutoRangeIncludesZero(true);
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        ValueMarker baseline = new ValueMarker(100, Color.DARK_GRAY, new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] { 5f, 4f }, 0f));
        baseline.setLabel("baseline " + errors.baseline() + " = 100%");
        baseline.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        baseline.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        baseline.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        plot.addRangeMarker(baseline);
        plot.setBackgroundPaint(new Color(248, 248, 250));
        plot.setRangeGridlinePaint(new Color(210, 210, 215));
        JFreeChart chart = new JFreeChart(title + ": corruption error (CE) per corruption, normalised by " + errors
                .baseline(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("CE = sum over severities " + errors.severities() + " of the model's top-1 "
                + "error / the same sum of " + errors.baseline() + "'s; mCE: mean over the corruptions in the mean "
                + "with a CE; a corruption without a bar did not run or has no CE (corruption-errors.csv says why)",
                new Font(Font.SANS_SERIF, Font.PLAIN, 11)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static String category(CorruptionErrors errors, SuiteCorruption c) {
        boolean anyCe = errors.rows().stream().anyMatch(r -> r.corruption().name().equals(c.name()) && r.ce()
                .defined());
        return c.label() + (c.inMean() ? "" : " (extra)") + (missing(errors, c) ? " - missing" : anyCe ? ""
                : " - no CE");
    }
}
