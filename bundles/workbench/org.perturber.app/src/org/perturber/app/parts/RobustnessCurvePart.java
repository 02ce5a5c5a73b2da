package org.perturber.app.parts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.service.Services;
import org.perturber.explore.ExploreListener;
import org.perturber.explore.ExplorePipeline;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.ExploreState;
import org.perturber.explore.ModelResult;
import org.perturber.explore.Needs;
import org.perturber.explore.RobustnessCurve;
import org.perturber.explore.SessionEvent;
import org.perturber.objects.BuiltinObjects;
import org.perturber.sweep.SessionSweeps;
import org.perturber.sweep.SweepRunner;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;
import org.perturber.sweep.charts.RobustnessChart;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/**
 * The live robustness curve: while a parameter's slider is dragged, each active model's probability of the true
 * class against that parameter's value, accumulating point by point (and the pinned channels' mean activations below
 * it). "Fill in the range" computes the whole range in the background through the batched sweep path, from the
 * session as it is; the curve exports as PNG (JFreeChart) and CSV. Painted straight on the canvas at most every
 * {@value #REDRAW_MS} ms, so a drag's points never wait for the chart.
 */
public class RobustnessCurvePart {
    /** Levels "fill in the range" computes over the parameter's whole range. */
    public static final int FILL_STEPS = 21;

    private ExploreSession session;
    private ExplorePipeline pipeline;
    private ContributionRegistry registry;
    private ExplorePipeline.Subscription subscription;
    private final Consumer<SessionEvent> sessionListener = this::sessionChanged;
    private final RobustnessCurve curve = new RobustnessCurve();
    private Canvas canvas;
    private Label status;
    private StaleMarker marker;
    /** The range being filled in: its own row, as its work is not a state's. */
    private StaleMarker fillMarker;
    private Button fill;
    /** How far the range being filled in is (0 to 1) and what it does now. */
    private volatile StaleMarker.Progress fillProgress;
    static final long REDRAW_MS = 100;
    private volatile long lastDraw;
    private final java.util.concurrent.atomic.AtomicBoolean redrawPending = new java.util.concurrent.atomic.AtomicBoolean();
    private Job filling;
    private final AtomicInteger drawn = new AtomicInteger();

    @PostConstruct
    public void create(Composite parent, ExploreSession explore, ExplorePipeline explorePipeline,
            ContributionRegistry contributions) {
        session = explore;
        pipeline = explorePipeline;
        registry = contributions;
        parent.setLayout(new GridLayout(5, false));
        marker = new StaleMarker(parent, 5);
        fillMarker = new StaleMarker(parent, 5).meanwhile("the curve fills in as levels arrive");
        status = new Label(parent, SWT.NONE);
        GridData statusData = new GridData(SWT.FILL, SWT.CENTER, true, false);
        statusData.widthHint = 60; // elided to what the buttons leave, never widens the view
        status.setLayoutData(statusData);
        Ui.setElided(status, "Drag a parameter's slider in the Perturbations view");
        fill = button(parent, "Fill in the range", "Compute the whole range of the parameter (a sweep in the "
                + "background, from the session as it is)", this::fillInTheRange);
        button(parent, "PNG...", "Export the chart as PNG", () -> export("png"));
        button(parent, "CSV...", "Export the points as CSV", () -> export("csv"));
        button(parent, "Clear", "Start the curve again", () -> {
            curve.clear();
            redraw();
        });
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 5, 1));
        canvas.addPaintListener(e -> paint(e.gc));
        canvas.addListener(SWT.Resize, e -> redraw());
        subscription = pipeline.subscribe("Robustness curve", needs(), new ExploreListener() {
            @Override
            public void computing(ExploreState state) {
                ExploreState.Change change = state.change();
                if (change != null) { // only a slider's step adds a point
                    marker.computing(state.sequence(), String.format(java.util.Locale.ROOT, "the point at %s = %.3g",
                            change.label(), change.value()), pipeline::cancel, StaleMarker.progressOf(pipeline));
                }
            }

            @Override
            public void predictions(ExploreState state, List<ModelResult> results) {
                if (curve.add(state, results, session.pins())) {
                    redraw();
                }
                marker.fresh(state.sequence());
            }

            @Override
            public void failed(ExploreState state, String problem) {
                marker.ended(state.sequence(), problem.equals(ExplorePipeline.CANCELLED));
            }
        });
        session.addListener(sessionListener);
        redraw();
    }

    private static Button button(Composite parent, String text, String tip, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(text);
        b.setToolTipText(tip);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    /** The predictions, and the pinned layer with every forward pass of its model. */
    private Needs needs() {
        ExploreSession.Pins pins = session.pins();
        Needs n = Needs.predictions(1);
        return pins.isEmpty() ? n : n.withActivations(pins.modelKey(), Set.of(pins.layer()));
    }

    private void sessionChanged(SessionEvent e) {
        if (e.kind() == SessionEvent.Kind.PINS) {
            subscription.needs(needs());
        }
    }

    /** The curve shown (tests read it). */
    public RobustnessCurve curve() {
        return curve;
    }

    /** UI thread: whether the stale marker shows, and what it says. */
    public boolean staleShown() {
        return marker.showing();
    }

    public String staleText() {
        return marker.text();
    }

    /** UI thread: the line above the chart, whole ("10 points over ..."). */
    public String status() {
        return status.getToolTipText() != null ? status.getToolTipText() : status.getText();
    }

    /** How many times the chart was drawn. */
    public int drawn() {
        return drawn.get();
    }

    public Button fillButton() {
        return fill;
    }

    /** The fill-in Job under way, or null. */
    public Job filling() {
        return filling;
    }

    /**
     * Any thread: repaints at most every {@value #REDRAW_MS} ms (one repaint follows however many points come), so
     * that during a drag the chart never takes the cores the predictions need.
     */
    private void redraw() {
        if (redrawPending.getAndSet(true)) {
            return;
        }
        long since = (System.nanoTime() - lastDraw) / 1_000_000;
        int delay = (int) Math.max(0, REDRAW_MS - since);
        Ui.async(canvas, () -> canvas.getDisplay().timerExec(delay, () -> {
            redrawPending.set(false);
            if (!canvas.isDisposed()) {
                lastDraw = System.nanoTime();
                RobustnessCurve.Axis axis = curve.axis();
                if (axis != null && filling == null) {
                    Ui.setElided(status, curve.points().size() + " points over " + axis.label());
                }
                canvas.redraw();
                drawn.incrementAndGet();
            }
        }));
    }

    /**
     * UI thread: the curve painted straight onto the canvas (a few hundred points cost the UI thread about a
     * millisecond; the exported PNG is JFreeChart's chart of the same points): each model's true-class probability
     * against the parameter, drag points as dots and the filled-in range as a line; the pinned channels below.
     */
    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        Display display = canvas.getDisplay();
        gc.setBackground(display.getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        gc.setAntialias(SWT.ON);
        List<RobustnessCurve.Point> points = curve.points();
        RobustnessCurve.Axis axis = curve.axis();
        gc.setForeground(display.getSystemColor(SWT.COLOR_DARK_GRAY));
        if (axis == null || points.isEmpty()) {
            gc.drawText(Ui.elide(gc, "Each model's probability of the true class appears here, against the parameter "
                    + "you drag.", area.width - 20), 10, 10, true);
            return;
        }
        double minX = points.stream().mapToDouble(RobustnessCurve.Point::x).min().orElse(0);
        double maxX = points.stream().mapToDouble(RobustnessCurve.Point::x).max().orElse(1);
        if (maxX - minX < 1e-9) {
            minX -= 0.5;
            maxX += 0.5;
        }
        int line = gc.getFontMetrics().getHeight();
        List<Integer> channels = curve.pinnedChannels();
        int left = 58;
        int right = area.width - 10;
        int top = line + 6;
        int bottom = area.height - 2 * line - 8;
        int pBottom = channels.isEmpty() ? bottom : top + (bottom - top) * 60 / 100;
        int split = pBottom + 8;
        List<String> keys = List.copyOf(curve.models().keySet());
        double x0 = minX;
        double x1 = maxX;
        java.util.function.DoubleToIntFunction px = x -> left + (int) Math.round((x - x0) / (x1 - x0) * (right
                - left));
        panel(gc, left, top, right, pBottom, "P(" + (curve.trueClass() == null ? "true" : curve.trueClass()) + ")",
                0, 1);
        for (int m = 0; m < keys.size(); m++) {
            String key = keys.get(m);
            Color color = color(display, m);
            gc.setForeground(color);
            gc.setBackground(color);
            gc.setLineWidth(2);
            int[] previous = null;
            for (RobustnessCurve.Point p : points.stream().filter(q -> q.model().equals(key) && q.filled()
                    && !Double.isNaN(q.probability())).sorted(java.util.Comparator.comparingDouble(
                            RobustnessCurve.Point::x)).toList()) {
                int[] xy = { px.applyAsInt(p.x()), y(p.probability(), 0, 1, top, pBottom) };
                if (previous != null) {
                    gc.drawLine(previous[0], previous[1], xy[0], xy[1]);
                }
                previous = xy;
            }
            for (RobustnessCurve.Point p : points) {
                if (p.model().equals(key) && !p.filled() && !Double.isNaN(p.probability())) {
                    gc.fillOval(px.applyAsInt(p.x()) - 3, y(p.probability(), 0, 1, top, pBottom) - 3, 7, 7);
                }
            }
            color.dispose();
        }
        if (!channels.isEmpty()) {
            double max = points.stream().flatMapToDouble(p -> java.util.Arrays.stream(p.pinnedMeans())).filter(
                    v -> !Double.isNaN(v)).max().orElse(1);
            max = max <= 0 ? 1 : max;
            panel(gc, left, split, right, bottom, "pinned", 0, max);
            for (int c = 0; c < channels.size(); c++) {
                Color color = color(display, c + 2);
                gc.setBackground(color);
                for (RobustnessCurve.Point p : points) {
                    if (c < p.pinnedMeans().length && !Double.isNaN(p.pinnedMeans()[c])) {
                        gc.fillRectangle(px.applyAsInt(p.x()) - 2, y(p.pinnedMeans()[c], 0, max, split, bottom) - 2,
                                5, 5);
                    }
                }
                color.dispose();
            }
        }
        gc.setForeground(display.getSystemColor(SWT.COLOR_DARK_GRAY));
        gc.drawText(String.format(java.util.Locale.ROOT, "%.3g", minX), left, bottom + 2, true);
        String maxLabel = String.format(java.util.Locale.ROOT, "%.3g", maxX);
        gc.drawText(maxLabel, right - gc.textExtent(maxLabel).x, bottom + 2, true);
        gc.drawText(axis.label(), (left + right - gc.textExtent(axis.label()).x) / 2, bottom + 2, true);
        int lx = left;
        for (int m = 0; m < keys.size() + channels.size(); m++) {
            Color color = color(display, m < keys.size() ? m : m - keys.size() + 2);
            gc.setBackground(color);
            gc.fillOval(lx, bottom + line + 8, 7, 7);
            color.dispose();
            String label = m < keys.size() ? curve.models().get(keys.get(m)) : "channel " + channels.get(m - keys
                    .size());
            gc.drawText(label, lx + 10, bottom + line + 3, true);
            lx += gc.textExtent(label).x + 24;
        }
        gc.drawText(Ui.elide(gc, "dots: while dragging \u00b7 lines: the filled-in range", right - left), left, 2,
                true);
    }

    private static void panel(GC gc, int left, int top, int right, int bottom, String label, double min,
            double max) {
        gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_GRAY));
        gc.setLineWidth(1);
        gc.drawRectangle(left, top, right - left, bottom - top);
        gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_DARK_GRAY));
        int h = gc.getFontMetrics().getHeight();
        gc.drawText(String.format(java.util.Locale.ROOT, "%.2g", max), 4, top, true);
        gc.drawText(String.format(java.util.Locale.ROOT, "%.2g", min), 4, bottom - h, true);
        gc.drawText(label, 4, (top + bottom - h) / 2, true);
    }

    private static int y(double v, double min, double max, int top, int bottom) {
        return bottom - (int) Math.round((v - min) / (max - min) * (bottom - top));
    }

    private static Color color(Display display, int i) {
        int[][] rgb = { { 40, 110, 200 }, { 215, 95, 40 }, { 60, 150, 70 }, { 150, 70, 170 }, { 120, 120, 120 } };
        int[] c = rgb[i % rgb.length];
        return new Color(display, c[0], c[1], c[2]);
    }

    /** Computes the whole range of the curve's parameter, as a sweep of the session in a Job. */
    public void fillInTheRange() {
        RobustnessCurve.Axis axis = curve.axis();
        ExploreState state = session.state();
        if (axis == null || !state.ready()) {
            Ui.setElided(status, "Drag a parameter's slider first: the range filled in is that parameter's");
            return;
        }
        NumberParameter range = numberParameter(axis);
        if (range == null) {
            Ui.setElided(status, axis.label() + " is not a numeric parameter with a range");
            return;
        }
        List<LoadedModel> models = state.models();
        Path output;
        try {
            output = Files.createTempDirectory("perturber-curve-");
        } catch (IOException e) {
            Ui.setElided(status, "Fill in the range: " + e.getMessage());
            return;
        }
        fill.setEnabled(false);
        Ui.setElided(status, "Filling in " + axis.label() + " from " + range.min() + " to " + range.max() + "...");
        fillProgress = null;
        long[] run = { 0 };
        Job job = Job.create("Filling in the robustness curve over " + axis.label(), (IProgressMonitor monitor) -> {
            SubMonitor progress = SubMonitor.convert(monitor, 100);
            try {
                SweepSpec spec = new SessionSweeps(registry).vary(state.scene(), state.stack(), models.stream().map(
                        LoadedModel::location).toList(), new SessionSweeps.Vary(axis.perturbation(), axis
                                .parameter(), range.min(), range.max(), FILL_STEPS), 1, output);
                SweepRunner runner = new SweepRunner(spec, registry, pipeline.inputs().renderer(), Services.await(
                        BuiltinObjects.class, Duration.ofSeconds(30)), pipeline.inference());
                List<String> ids = spec.models().stream().map(SweepSpec.SweepModel::id).toList();
                runner.run(true, monitor::isCanceled, new SweepRunner.Listener() {
                    @Override
                    public void progress(SweepRunner.Progress p) {
                        progress.setWorkRemaining(100).worked(0);
                        monitor.subTask(p.toString());
                        fillProgress = new StaleMarker.Progress(p.toString(), p.total() == 0 ? Double.NaN
                                : (double) p.done() / p.total());
                    }

                    @Override
                    public void rows(List<SweepRunner.Row> rows) {
                        for (SweepRunner.Row row : rows) {
                            Object x = row.sample().point().values().get(0);
                            LoadedModel m = runner.models().get(ids.indexOf(row.model()));
                            if (x instanceof Number n && row.result() != null) {
                                curve.addFilled(n.doubleValue(), m, row.result());
                            }
                        }
                        redraw();
                    }
                });
                return monitor.isCanceled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
            } catch (SweepSpecException | IOException e) {
                Ui.async(status, () -> Ui.setElided(status, "Fill in the range: " + e.getMessage()));
                return Status.OK_STATUS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.CANCEL_STATUS;
            } finally {
                fillMarker.ended(run[0], monitor.isCanceled());
                Ui.async(fill, () -> {
                    filling = null;
                    fill.setEnabled(true);
                    redraw();
                });
            }
        });
        job.setUser(true);
        filling = job;
        run[0] = fillMarker.started("the whole range of " + axis
                .label(), job::cancel, () -> fillProgress);
        job.schedule();
    }

    private NumberParameter numberParameter(RobustnessCurve.Axis axis) {
        Perturbation p = registry.perturbation(axis.perturbation()).flatMap(c -> c.instance()).orElse(null);
        if (p == null) {
            return null;
        }
        for (ParameterDescriptor d : p.parameters()) {
            if (d.id().equals(axis.parameter()) && d instanceof NumberParameter n) {
                return n;
            }
        }
        return null;
    }

    private void export(String kind) {
        FileDialog dialog = new FileDialog(canvas.getShell(), SWT.SAVE);
        dialog.setFilterExtensions(new String[] { "*." + kind });
        dialog.setFileName("robustness-curve." + kind);
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen != null) {
            try {
                exportTo(Path.of(chosen));
                Ui.setElided(status, "Wrote " + chosen);
            } catch (IOException e) {
                Ui.setElided(status, "Could not write " + chosen + ": " + e.getMessage());
            }
        }
    }

    /** Writes the chart (PNG, at the view's size) or the points (CSV), by the file's extension. */
    public void exportTo(Path file) throws IOException {
        if (file.toString().endsWith(".csv")) {
            curve.writeCsv(file);
        } else {
            Rectangle area = canvas.getClientArea();
            RobustnessChart.writePng(curve, file, Math.max(480, area.width), Math.max(320, area.height));
        }
    }

    @PreDestroy
    public void dispose() {
        session.removeListener(sessionListener);
        subscription.close();
    }
}
